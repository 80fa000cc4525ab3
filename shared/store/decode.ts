import { ByteReader } from '../bytes/reader';
import { hex64 } from '../bytes/hex';
import { decodeRecord, looksLikeRecord, type DecodedRecord } from '../cper/record';
import type { Diagnostic } from '../decode/diagnostics';
import { expert } from '../decode/expert';
import type { FieldNode } from '../decode/node';
import { decodeStruct } from '../decode/struct';
import type { ByteSource } from './source';
import { slotTail, type SlotTail } from './slot-tail';
import {
  headerSlotCount,
  ID_ALL_ONES,
  MAP_ENTRY_SIZE,
  mapEntryOffset,
  recordSizeProblem,
  STORE_HEADER,
  STORE_HEADER_AT,
  STORE_HEADER_SIZE,
  STORE_MAGIC,
  STORE_VERSION,
} from './layout';

export type SlotState = 'header' | 'live' | 'cleared' | 'empty' | 'unreadable';

export interface Slot {
  index: number;
  offset: number;
  state: SlotState;
  /** The map entry for this slot (decimal), when not 0. */
  mapId?: string;
  /** The id inside the CPER record the slot holds, when there is one. */
  recordId?: string;
  record?: DecodedRecord;
  /** What follows the record in the slot: which QEMU wrote it, and remnants of earlier records. */
  tail?: SlotTail;
  diagnostics: Diagnostic[];
}

export interface StoreGeometry {
  recordSize: number;
  storageOffset: number;
  version: number;
  recordCount: number;
  slotCount: number;
  headerSlots: number;
  fileSize: number;
}

export interface DecodedStore {
  header: FieldNode;
  /** The map as a tree node (only non-zero entries get children, to stay small on big stores). */
  map: FieldNode;
  geometry?: StoreGeometry;
  slots: Slot[];
  diagnostics: Diagnostic[];
}

export interface StoreOptions {
  /** Decode the CPER records in slots (default true); false gives just the slot map. */
  records?: boolean;
  /**
   * Keep decoded payloads (inflated dmesg text) and field trees in memory (default true). Off
   * for large stores: values, lengths and summaries stay; a record is decoded again from its
   * slot when it is opened.
   */
  keepPayloads?: boolean;
  /** false: the header and the map only, no slot is read (an index classifies slots itself). */
  slots?: boolean;
  /** false: no tree node per map entry (an index keeps the map in typed arrays). */
  mapTree?: boolean;
}

export function isStore(src: ByteSource): boolean {
  if (src.size < 8) return false;
  const b = src.read(0, 8);
  return new ByteReader(b).u64(0) === STORE_MAGIC;
}

function dropPayloads(slot: Slot): void {
  for (const sec of slot.record?.sections ?? []) if (sec.pstore) sec.pstore.text = undefined;
}

function allBytes(b: Uint8Array, v: number): boolean {
  for (let i = 0; i < b.length; i++) if (b[i] !== v) return false;
  return true;
}

/**
 * Decodes a QEMU acpi-erst backing store. Every slot is classified: live (in the map),
 * cleared (not in the map but still holding a CPER record: QEMU never wipes a cleared slot),
 * empty, or unreadable. Health problems become diagnostics; nothing throws.
 */
export function decodeStore(src: ByteSource, opts: StoreOptions = {}): DecodedStore {
  const decodeRecords = opts.records !== false;
  const diagnostics: Diagnostic[] = [];
  const headBytes = src.read(0, STORE_HEADER_SIZE);
  const hr = new ByteReader(headBytes, 0);
  const h = decodeStruct(hr, 0, STORE_HEADER);
  const map: FieldNode = {
    key: 'map',
    label: 'Slot map',
    offset: STORE_HEADER_SIZE,
    length: 0,
    type: 'array',
    text: '',
    validity: 'valid',
    children: [],
  };
  const store: DecodedStore = { header: h.node, map, slots: [], diagnostics };
  if (!h.complete) {
    diagnostics.push(expert('store.truncated', `file is ${src.size} bytes, smaller than the 24-byte storage header`, 0, src.size));
    return store;
  }
  const v = h.v as { magic: bigint; recordSize: number; storageOffset: number; version: number; reserved: number; recordCount: number };
  if (v.magic !== STORE_MAGIC) {
    const zero = v.magic === 0n;
    diagnostics.push(
      expert(
        'store.bad-magic',
        zero ? 'magic is 0: QEMU has not formatted this file yet' : `magic ${hex64(v.magic)} is not "ERSTSTOR"`,
        STORE_HEADER_AT.magic,
        8,
      ),
    );
  }
  const rsProblem = recordSizeProblem(v.recordSize);
  if (rsProblem) {
    diagnostics.push(expert('store.bad-record-size', `${rsProblem} (QEMU refuses to start with it)`, STORE_HEADER_AT.recordSize, 4));
    return store;
  }
  const rs = v.recordSize;
  if (v.version !== STORE_VERSION)
    diagnostics.push(
      expert(
        'store.bad-version',
        `version 0x${v.version.toString(16)} is not 0x0100 (QEMU: header is invalid)`,
        STORE_HEADER_AT.version,
        2,
      ),
    );
  if (v.reserved !== 0)
    diagnostics.push(
      expert(
        'store.reserved',
        `reserved field is 0x${v.reserved.toString(16)}, expected 0 (QEMU: header is invalid)`,
        STORE_HEADER_AT.reserved,
        2,
      ),
    );
  if (src.size % rs !== 0)
    diagnostics.push(
      expert(
        'store.size-not-multiple',
        `file size ${src.size} is not a multiple of record_size ${rs}; the last ${src.size % rs} bytes are a partial slot`,
        src.size - (src.size % rs),
        src.size % rs,
      ),
    );
  const slotCount = Math.floor(src.size / rs);
  let storageOffset = v.storageOffset;
  const expected = headerSlotCount(slotCount, rs) * rs;
  if (storageOffset % rs !== 0 || storageOffset === 0 || storageOffset > src.size) {
    diagnostics.push(
      expert(
        'store.bad-storage-offset',
        `storage offset ${storageOffset} is not a non-zero multiple of record_size within the file; using ${expected}`,
        STORE_HEADER_AT.storageOffset,
        4,
      ),
    );
    storageOffset = expected;
  } else if (storageOffset !== expected) {
    diagnostics.push(
      expert(
        'store.unexpected-storage-offset',
        `storage offset ${storageOffset} differs from ${expected}, the value QEMU computes for ${slotCount} slots`,
        STORE_HEADER_AT.storageOffset,
        4,
      ),
    );
  }
  const headerSlots = storageOffset / rs;
  store.geometry = {
    recordSize: rs,
    storageOffset,
    version: v.version,
    recordCount: v.recordCount,
    slotCount,
    headerSlots,
    fileSize: src.size,
  };

  // The map: one u64 per absolute slot index, inside the header area.
  // A truncated file keeps its map: entries past the last whole slot still name records,
  // and the partial slot at the end is decoded as far as its bytes go.
  const partial = src.size % rs !== 0 ? 1 : 0;
  const mapSlots = Math.min(slotCount + partial, Math.floor(Math.max(0, storageOffset - STORE_HEADER_SIZE) / MAP_ENTRY_SIZE));
  const mapBytes = src.read(STORE_HEADER_SIZE, MAP_ENTRY_SIZE * mapSlots);
  const mr = new ByteReader(mapBytes, STORE_HEADER_SIZE);
  map.length = mapBytes.length;
  const ids: bigint[] = [];
  for (let i = 0; i < mapSlots; i++) ids.push(mr.u64(MAP_ENTRY_SIZE * i) ?? 0n);
  for (let i = slotCount; i < (storageOffset - STORE_HEADER_SIZE) / MAP_ENTRY_SIZE && mapEntryOffset(i + 1) <= src.size; i++) {
    const id = i < ids.length ? ids[i] : (new ByteReader(src.read(mapEntryOffset(i), MAP_ENTRY_SIZE)).u64(0) ?? 0n);
    if (id !== 0n)
      diagnostics.push(
        expert(
          'store.map-past-end',
          `map entry ${i} names record ${hex64(id)} but slot ${i} is not whole in the file`,
          mapEntryOffset(i),
          MAP_ENTRY_SIZE,
        ),
      );
  }

  const seen = new Map<bigint, number>();
  let mapped = 0;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (id === 0n) continue;
    if (opts.mapTree !== false)
      map.children!.push({
        key: `slot${i}`,
        label: `map[${i}]`,
        offset: mapEntryOffset(i),
        length: MAP_ENTRY_SIZE,
        type: 'u64',
        raw: id.toString(),
        text: hex64(id),
        validity: 'valid',
      });
    if (i < headerSlots) {
      diagnostics.push(
        expert(
          'store.map-in-header',
          `map entry for header slot ${i} is ${hex64(id)}; QEMU never uses header slots`,
          mapEntryOffset(i),
          MAP_ENTRY_SIZE,
        ),
      );
      continue;
    }
    mapped++;
    if (id === ID_ALL_ONES)
      diagnostics.push(
        expert(
          'store.map-all-ones',
          `map entry for slot ${i} is all ones: QEMU treats it as occupied and returns it as an id`,
          mapEntryOffset(i),
          MAP_ENTRY_SIZE,
        ),
      );
    const prev = seen.get(id);
    if (prev !== undefined)
      diagnostics.push(
        expert('store.duplicate-id', `record id ${hex64(id)} is mapped to slots ${prev} and ${i}`, mapEntryOffset(i), MAP_ENTRY_SIZE),
      );
    else seen.set(id, i);
  }
  if (mapped !== v.recordCount) {
    diagnostics.push(
      expert(
        'store.record-count',
        `record_count is ${v.recordCount} but the map has ${mapped} non-zero entries; QEMU trusts record_count, so ${mapped > v.recordCount ? 'some records are invisible to the guest' : 'lookups scan past the last record'}`,
        STORE_HEADER_AT.recordCount,
        4,
      ),
    );
  }

  if (opts.slots === false) return store;
  for (let i = 0; i < slotCount; i++) {
    const off = i * rs;
    if (i < headerSlots) {
      store.slots.push({ index: i, offset: off, state: 'header', diagnostics: [] });
      continue;
    }
    const slot = classifySlot(src, i, off, rs, ids[i], decodeRecords, opts.keepPayloads === false);
    if (opts.keepPayloads === false) dropPayloads(slot);
    store.slots.push(slot);
  }
  const old = store.slots.filter((sl) => sl.tail?.writer === 'qemu-7.0/7.1');
  if (old.length) {
    const remnants = old.filter((sl) => sl.tail!.remnant).length;
    diagnostics.push(
      expert(
        'store.qemu71-writes',
        `${old.length} slot${old.length === 1 ? ' was' : 's were'} written by QEMU 7.0 or 7.1, which left each slot's old bytes after the new record; ${remnants} hold${remnants === 1 ? 's' : ''} remnants of earlier records`,
        0,
        8,
      ),
    );
  }
  if (partial && slotCount >= headerSlots) {
    const slot = classifySlot(src, slotCount, slotCount * rs, rs, ids[slotCount] ?? 0n, decodeRecords, opts.keepPayloads === false);
    if (slot.state !== 'empty' || slot.mapId) store.slots.push(slot);
  }
  return store;
}

function classifySlot(src: ByteSource, index: number, off: number, rs: number, id: bigint, decodeRecords: boolean, lean: boolean): Slot {
  const slot: Slot = { index, offset: off, state: 'empty', diagnostics: [] };
  if (id !== 0n) slot.mapId = id.toString();
  const bytes = src.read(off, rs);
  const hasRecord = looksLikeRecord(bytes, 0);
  if (bytes.length < rs) {
    slot.state = 'unreadable';
    slot.diagnostics.push(
      expert('slot.truncated', `slot ${index} has ${bytes.length} of ${rs} bytes (the file ends inside it)`, off + bytes.length),
    );
    if (!hasRecord) return slot;
    slot.recordId = new ByteReader(bytes).u64(96)?.toString();
    if (decodeRecords) slot.record = decodeRecord(bytes, 0, { base: off, maxLength: rs, lean });
    return slot;
  }
  if (id !== 0n) {
    slot.state = 'live';
    if (!hasRecord)
      slot.diagnostics.push(expert('slot.live-without-record', `slot ${index} is mapped to ${hex64(id)} but holds no CPER record`, off, 4));
  } else if (hasRecord) {
    slot.state = 'cleared';
  } else if (allBytes(bytes, 0) || allBytes(bytes, 0xff)) {
    return slot;
  } else {
    slot.state = 'unreadable';
    slot.diagnostics.push(expert('slot.garbage', `slot ${index} is not in the map and holds neither a CPER record nor fill bytes`, off, 4));
    return slot;
  }
  if (!hasRecord) return slot;
  const rid = new ByteReader(bytes).u64(96)!;
  slot.recordId = rid.toString();
  if (id !== 0n && rid !== id) {
    slot.diagnostics.push(
      expert('slot.id-mismatch', `map says ${hex64(id)} but the record in slot ${index} has id ${hex64(rid)}`, off + 96, 8),
    );
  }
  const len = new ByteReader(bytes).u32(20)!;
  if (len > rs) slot.diagnostics.push(expert('slot.length-past-slot', `record length ${len} runs past the ${rs}-byte slot`, off + 20, 4));
  slot.tail = slotTail(bytes, len);
  if (slot.tail?.writer === 'qemu-7.0/7.1') {
    const r = slot.tail.remnant;
    slot.diagnostics.push(
      expert(
        'slot.qemu71-write',
        `slot ${index} was written by QEMU 7.0 or 7.1: the 255 bytes after the record hold 0x${slot.tail.fill.toString(16).padStart(2, '0')} (their write memset had its arguments swapped, fixed in 7.2), and the rest of the slot was not wiped`,
        off + len,
        Math.min(255, rs - len),
      ),
    );
    if (r)
      slot.diagnostics.push(
        expert(
          'slot.remnant',
          `slot ${index} keeps ${r.length} bytes of an earlier record after this one (recoverable remnant at slot offset ${r.offset})`,
          off + r.offset,
          r.length,
        ),
      );
  }
  if (decodeRecords) slot.record = decodeRecord(bytes, 0, { base: off, maxLength: rs, lean });
  return slot;
}
