import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { refuseSpecial } from './file';

/** An input larger than the command reads whole: refused before anything is allocated. */
export class InputTooLarge extends Error {
  constructor(
    readonly path: string,
    readonly size: number,
    readonly max: number,
    what: string,
  ) {
    super(`${path}: ${what} is ${size} bytes, more than the ${max} this command reads`);
    this.name = 'InputTooLarge';
  }
}

/**
 * Reads a whole input file read-only after checking it is a regular file no larger than `max`
 * (stat before open, O_NONBLOCK, fstat after), so neither a FIFO nor a huge file can hang or
 * exhaust the process.
 */
export function readBoundedFile(path: string, max: number, what: string): Buffer {
  refuseSpecial(path, statSync(path));
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const st = fstatSync(fd);
    refuseSpecial(path, st);
    if (st.size > max) throw new InputTooLarge(path, st.size, max, what);
    const buf = Buffer.allocUnsafe(st.size);
    let got = 0;
    while (got < st.size) {
      const n = readSync(fd, buf, got, st.size - got, got);
      if (n === 0) break;
      got += n;
    }
    return got === st.size ? buf : buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}
