import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './run-cli.js';

const PAGE = join(ROOT, 'docs', 'semantics.md');

/** The rows of docs/semantics.md's kinks table: `op | at` -> [value cell, local derivative cell]. */
export function tableRows(): Map<string, [string, string]> {
  const text = readFileSync(PAGE, 'utf8');
  const section = text.slice(text.indexOf('## Kinks and domain edges'));
  const rows = new Map<string, [string, string]>();
  for (const line of section.split('\n')) {
    if (!line.startsWith('| `') ) continue;
    const cells = line.slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim());
    rows.set(`${cells[0]} | ${cells[1]}`, [cells[2] as string, cells[3] as string]);
  }
  return rows;
}
