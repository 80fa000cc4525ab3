import { closeSync, constants, openSync, readSync } from 'node:fs';
import { decodeRecord, type DecodedRecord } from '../../shared/cper/record';

/**
 * Slots read one at a time through a descriptor of its own (read-only): a slot costs its own
 * bytes, never a read-ahead window, however the slots asked for are scattered.
 */
export class SlotReader {
  private fd: number;
  constructor(
    path: string,
    private readonly rs: number,
  ) {
    this.fd = openSync(path, constants.O_RDONLY);
  }

  /** The record in a slot, decoded from the slot alone (with field trees unless `lean`). */
  decode(slot: number, lean: boolean): DecodedRecord {
    const bytes = new Uint8Array(this.rs);
    let got = 0;
    for (let n = -1; n !== 0 && got < this.rs; got += n) n = readSync(this.fd, bytes, got, this.rs - got, slot * this.rs + got);
    return decodeRecord(bytes, 0, { base: slot * this.rs, maxLength: got, lean });
  }

  close(): void {
    closeSync(this.fd);
  }
}
