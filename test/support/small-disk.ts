import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Mounts a tmpfs of `size` (e.g. '64k') on a new folder and returns the folder, or undefined where
 * mounting is not permitted (not root, or a container without the capability): a real nearly full
 * disk, which a mocked one can only imitate. `unmountSmallDisk` removes it.
 */
export function mountSmallDisk(size: string): string | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'memograd-small-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'ignore', timeout: 10_000 });
    return dir;
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
}

/** Unmounts and removes a folder from `mountSmallDisk`. */
export function unmountSmallDisk(dir: string): void {
  execFileSync('umount', [dir], { stdio: 'ignore', timeout: 10_000 });
  rmSync(dir, { recursive: true, force: true });
}
