import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../support/run-cli.js';

describe('npm run check:bundle (scripts/check-bundle.mjs) on the built library', () => {
  it('a browser bundle of Value + grad stays within 40 KB with no trace of Graphviz; the whole core never reaches Graphviz; only the memograd/svg program holds it', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'check-bundle.mjs')], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const size = (name: string) => {
      const m = new RegExp(`^${name} +([\\d.]+) KB {2}(.*)$`, 'm').exec(r.stdout);
      expect(m, `${name} in ${r.stdout}`).not.toBeNull();
      return { kb: Number(m?.[1]), graphviz: m?.[2] };
    };
    const valueGrad = size('value-grad');
    const library = size('library');
    const graphviz = size('graphviz');
    expect(valueGrad.kb).toBeLessThanOrEqual(40);
    expect(valueGrad.graphviz).toBe('no trace of Graphviz');
    expect(library.graphviz).toBe('no trace of Graphviz');
    expect(graphviz.graphviz).toBe('with Graphviz');
    // Tree-shaking drops most of the library from the Value + grad program, and Graphviz dwarfs both.
    expect(valueGrad.kb).toBeLessThan(library.kb / 2);
    expect(graphviz.kb).toBeGreaterThan(library.kb * 5);
  });
});
