/**
 * Loaded into a soak's CLI child (`node --import tsx --import ./bench/soak-store-fault.ts`): the
 * `SOAK_FAIL_WRITE_AT`-th write(2) of the process fails with EIO, as a full or failing disk
 * would, so the journal store refuses that write (and nothing of it is kept). The CLI itself is
 * unchanged: the soak runs `sandbox/cli/sync.ts` as a user does.
 */
import fs from 'node:fs';

const failAt = Number(process.env.SOAK_FAIL_WRITE_AT ?? '0');
if (Number.isInteger(failAt) && failAt > 0) {
  const writeSync = fs.writeSync.bind(fs) as (...args: unknown[]) => number;
  let writes = 0;
  Object.assign(fs, {
    writeSync: (...args: unknown[]): number => {
      writes += 1;
      if (writes === failAt) {
        throw Object.assign(new Error('EIO: i/o error, write (injected by the soak)'), {
          code: 'EIO',
        });
      }
      return writeSync(...args);
    },
  });
}
