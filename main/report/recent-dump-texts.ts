import {
  F_MAPPED,
  F_PSTORE_COMPRESSED,
  F_PSTORE_HEADER,
  PSTORE_DMESG,
  PSTORE_NONE,
  indexDumpContext,
  u64Text,
  type IndexDump,
  type IndexDumpPart,
  type StoreIndex,
} from '../../shared/index/index';
import type { PstoreInfo } from '../../shared/cper/section';
import { reassembleDumps, type Dump, type DumpPartInput } from '../../shared/pstore/dump';
import type { SlotReader } from './slot-reader';

/** At most this many dumps are rebuilt looking for texts that fit the budget. */
const MAX_TEXT_DUMPS = 1000;

/**
 * The texts of the most recent dumps (the list is in record-id order: the newest last), each
 * rebuilt from its parts' slots as the viewer rebuilds one (cleared copies of its parts named,
 * the store's newest pstore id telling an overwritten part from one never written), while they
 * fit in `budget` bytes together.
 */
export function recentDumpTexts(
  slots: SlotReader,
  ix: StoreIndex,
  list: IndexDump[],
  budget: number,
): Map<number, { dump: Dump; text: string }> {
  const out = new Map<number, { dump: Dump; text: string }>();
  if (budget <= 0 || !list.length) return out;
  const c = ix.cols;
  const ctx = indexDumpContext(ix);
  let newest = -1;
  for (const slot of ix.records) {
    if (c.pstoreKind[slot] === PSTORE_NONE || c.avail[slot] < 104) continue;
    if (newest < 0 || c.idHi[slot] > c.idHi[newest] || (c.idHi[slot] === c.idHi[newest] && c.idLo[slot] > c.idLo[newest])) newest = slot;
  }
  // Cleared copies of dump parts, by boot, reason and count (first copy of each part number, in slot order).
  const cleared = new Map<string, Map<number, IndexDumpPart>>();
  for (const slot of ix.records) {
    if (c.pstoreKind[slot] !== PSTORE_DMESG || !(c.flags[slot] & F_PSTORE_HEADER) || c.avail[slot] < 104 || c.flags[slot] & F_MAPPED)
      continue;
    const key = `${c.idHi[slot]}/${c.reason[slot]}/${c.dumpCount[slot]}`;
    let parts = cleared.get(key);
    if (!parts) cleared.set(key, (parts = new Map()));
    if (!parts.has(c.part[slot]))
      parts.set(c.part[slot], {
        part: c.part[slot],
        recordId: u64Text(c.idLo[slot], c.idHi[slot]),
        slot,
        state: 'cleared',
        compressed: (c.flags[slot] & F_PSTORE_COMPRESSED) !== 0,
      });
  }
  const utf8 = new TextDecoder('utf-8');
  let used = 0;
  for (let i = list.length - 1, tried = 0; i >= 0 && tried < MAX_TEXT_DUMPS; i--, tried++) {
    const d = list[i];
    const key = `${d.bootId}/${d.reason}/${d.count}`;
    const from = [...d.parts];
    const first = d.parts[0].slot;
    // The parts no live record holds, from their cleared copies (named as recoverable, not stitched in).
    for (const p of cleared.get(`${c.idHi[first]}/${c.reason[first]}/${c.dumpCount[first]}`)?.values() ?? [])
      if (!d.parts.some((x) => x.part === p.part)) from.push(p);
    const parts: DumpPartInput[] = [];
    for (const p of from) {
      const rec = slots.decode(p.slot, false);
      const ps: PstoreInfo | undefined = rec.sections[0]?.pstore;
      if (ps && rec.recordId) parts.push({ recordId: rec.recordId, slot: p.slot, state: p.state, pstore: ps });
    }
    // An MCE entry is not grouped into dumps; reassembly only reads its id as the store's newest.
    if (newest >= 0)
      parts.push({
        recordId: u64Text(c.idLo[newest], c.idHi[newest]),
        state: 'live',
        pstore: { kind: 'mce', compressed: false, textLength: 0 },
      });
    const dump = reassembleDumps(parts, { ...ctx, recovered: false }).find((x) => `${x.bootId}/${x.reason}/${x.count}` === key);
    // A dump with no text to show (no part could be read) is passed over; the first that does not fit ends the search.
    if (!dump?.text) continue;
    if (used + dump.text.length > budget) break;
    used += dump.text.length;
    out.set(i, { dump: { ...dump, text: undefined }, text: utf8.decode(dump.text) });
  }
  return out;
}
