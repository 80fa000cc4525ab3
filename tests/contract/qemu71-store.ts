import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runOnDevice } from '../../main/emulator/accesses';
import { ErstDevice } from '../../main/emulator/device';
import { linuxClear, linuxWrite } from '../../main/emulator/linux';
import { decodeStore } from '../../shared/store/decode';
import { bufferSource } from '../../shared/store/source';
import { CORPORA } from '../helpers/corpus';

/**
 * A store of `size` bytes where QEMU `qemu` wrote a short real Linux record over a longer one
 * that was cleared (the 7.1 way leaves the longer record's bytes after the fill), then the
 * other real records of a Linux 6.12 store, written the 7.2 way.
 */
export function qemu71Store(size: number, qemu: '7.1' | '7.2' = '7.1') {
  const src = new Uint8Array(readFileSync(join(CORPORA[1], 'S2-accumulate/backing.after-boot1')));
  const s0 = decodeStore(bufferSource(src));
  const recs = s0.slots.filter((s) => s.state === 'live').map((s) => src.slice(s.offset, s.offset + s.record!.recordLength!));
  const byLen = [...recs].sort((a, b) => b.length - a.length);
  const long = byLen[0];
  const short = byLen[byLen.length - 1];
  const id = (r: Uint8Array) => new DataView(r.buffer, r.byteOffset).getBigUint64(96, true);
  const store = new Uint8Array(size);
  runOnDevice(new ErstDevice(store), [...linuxWrite(long), ...linuxClear(id(long))]);
  runOnDevice(new ErstDevice(store, { qemu }), linuxWrite(short));
  runOnDevice(
    new ErstDevice(store),
    byLen.slice(1, -1).flatMap((r) => linuxWrite(r)),
  );
  const s = decodeStore(bufferSource(store), { records: false });
  const slot = s.slots.find((x) => x.recordId === `${id(short)}`)?.index ?? s.slots.find((x) => x.state === 'live')!.index;
  return { bytes: store, slot, recordSize: s.geometry!.recordSize, shortLength: short.length, longLength: long.length };
}
