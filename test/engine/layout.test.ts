/**
 * The engine's folders as the architecture: core/ imports nothing outside itself, compile/,
 * transforms/ and composite/ import only core/ (and themselves), and no file of src/ reaches
 * itself again through its runtime imports (type-only imports are erased, so they may loop).
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SRC = join(ROOT, 'src');

/** Every .ts file under `dir`, as a path relative to the repository. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [relative(ROOT, join(dir, e.name))] : [],
  );
}

/** The files `file` imports at run time (relative specifiers, `import type` and `export type` left out). */
function runtimeImports(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const found: string[] = [];
  for (const m of text.matchAll(/^(import|export)(?!\s+type\b)[^;]*?from\s+'(\.{1,2}\/[^']+)'/gms)) {
    found.push(normalize(join(dirname(file), (m[2] as string).replace(/\.js$/, '.ts'))));
  }
  for (const m of text.matchAll(/^import\s+'(\.{1,2}\/[^']+)'/gm)) found.push(normalize(join(dirname(file), (m[1] as string).replace(/\.js$/, '.ts'))));
  return found;
}

const files = sources(SRC);
const graph = new Map(files.map((f) => [f, runtimeImports(f)]));

describe('the source layout', () => {
  it('resolves every relative import of src/ to a file that exists', () => {
    for (const [file, deps] of graph) for (const d of deps) expect(graph.has(d), `${file} imports ${d}`).toBe(true);
  });

  it('has no import cycle in src/', () => {
    // Depth-first search with three colours: meeting a grey node closes a cycle.
    const colour = new Map<string, 'grey' | 'black'>();
    const cycles: string[] = [];
    const visit = (f: string, path: string[]): void => {
      colour.set(f, 'grey');
      for (const d of graph.get(f) ?? []) {
        if (colour.get(d) === 'grey') cycles.push([...path.slice(path.indexOf(d)), d].join(' -> '));
        else if (!colour.has(d)) visit(d, [...path, d]);
      }
      colour.set(f, 'black');
    };
    for (const f of files) if (!colour.has(f)) visit(f, [f]);
    expect(cycles).toEqual([]);
  });

  it('keeps core/ to itself, and compile/, transforms/ and composite/ to themselves and core/', () => {
    const engine = join('src', 'engine');
    const folderOf = (f: string): string | undefined => (f.startsWith(engine + '/') ? f.slice(engine.length + 1).split('/')[0] : undefined);
    const folders = new Set(files.map(folderOf).filter((x) => x !== undefined));
    expect([...folders].sort()).toEqual(['compile', 'composite', 'core', 'transforms']);
    const crossings: string[] = [];
    for (const [file, deps] of graph) {
      const from = folderOf(file);
      if (from === undefined) continue;
      for (const d of deps) {
        const to = folderOf(d);
        if (to !== from && to !== 'core') crossings.push(`${file} -> ${d}`);
      }
    }
    expect(crossings).toEqual([]);
  });
});
