// A real small disk for disk-full tests: a tmpfs mounted on a folder. Mounting needs root (and a
// kernel that allows it), so tests use `describe.skipIf(!canMountTmpfs)`.
import { execFileSync } from 'node:child_process';
import { statfsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** True when this process may mount a tmpfs (Linux, as root). */
export const canMountTmpfs = ((): boolean => {
  if (process.platform !== 'linux') return false;
  try {
    execFileSync('sh', ['-c', 'd=$(mktemp -d) && mount -t tmpfs -o size=1m tmpfs "$d" && umount "$d" && rmdir "$d"'], {
      stdio: 'ignore',
    });
    return true;
  } catch {
    return false;
  }
})();

/** Mounts a tmpfs of `size` (e.g. '4m') on the existing folder `dir`. */
export function mountTmpfs(dir: string, size: string): void {
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
}

export function unmount(dir: string): void {
  execFileSync('umount', [dir]);
}

/** Another program fills the disk: a file takes all the free space at `dir` but `leave` bytes. Returns its path. */
export function fillDisk(dir: string, leave = 0): string {
  const { bavail, bsize } = statfsSync(dir);
  const filler = join(dir, 'filler.bin');
  writeFileSync(filler, Buffer.alloc(Math.max(0, bavail * bsize - leave)));
  return filler;
}
