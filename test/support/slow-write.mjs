// Preloaded (node --import) into a memograd run: every write(2) of a file first says "writing" on
// stderr and then takes a second, as on a slow disk, so that a test can interrupt it halfway.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const writeSync = fs.writeSync;
fs.writeSync = function slowWriteSync(fd, ...rest) {
  if (fd > 2) {
    writeSync(2, 'writing\n');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
  }
  return writeSync.call(this, fd, ...rest);
};
syncBuiltinESMExports();
