/**
 * A full garbage collection from inside a test, without starting Node with --expose-gc: whether an
 * object is still reachable is what a memory leak test observes (through a WeakRef).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Collects garbage after the current job ends (a WeakRef keeps its target alive until then). */
export async function collectGarbage(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  gc();
  await new Promise((resolve) => setTimeout(resolve, 0));
  gc();
}
