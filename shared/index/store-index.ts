/**
 * The index of an ERST store: one pass over its bytes, fed in chunks (so the host hashes the
 * same chunks), keeping per slot only what tables, the slot map and the dump list need, in
 * columnar typed arrays (about 80 bytes a slot: a million slots stay under 100 MiB). Field
 * trees, payload text and text lengths are decoded from the slot's bytes when asked for.
 * Classification follows decodeStore exactly (same states, same slot diagnostics).
 */
import { hex64 } from '../bytes/hex';
import { SECTION_DMESG, SECTION_DMESG_Z, SECTION_MCE } from '../cper/guids';
import { DESCRIPTOR_SIZE, HEADER_SIZE, recordExtent } from '../cper/layout';
import type { Diagnostic } from '../decode/diagnostics';
import { expert } from '../decode/expert';
import { dumpHeaderOf } from './dump-header';
import { decodeStore, type DecodedStore, type StoreGeometry } from '../store/decode';
import { recordSizeProblem, STORE_HEADER_SIZE } from '../store/layout';
import type { ByteSource } from '../store/source';
import { slotTail, type SlotTail } from '../store/slot-tail';
import { inflateHead } from './head-inflate';
import { Interner } from './intern';
import {
  D_LENGTH,
  D_OFFSET,
  D_SEVERITY,
  D_TYPE,
  firstBody,
  guidAt,
  H_COUNT,
  H_CREATOR,
  H_ID,
  H_LENGTH,
  H_NOTIFY,
  H_SEVERITY,
  H_TIME,
  H_VALID,
  u16,
  u32,
} from './record-layout';

/** Slot states as stored in `IndexColumns.state`. */
export const SLOT_STATES = ['header', 'live', 'cleared', 'empty', 'unreadable'] as const;
export type SlotStateName = (typeof SLOT_STATES)[number];
export const HEADER = 0,
  LIVE = 1,
  CLEARED = 2,
  EMPTY = 3;
const UNREADABLE = 4;

/** Bits of `IndexColumns.flags`. */
export const F_RECORD = 1; // the slot holds a CPER record (signature present)
export const F_MAPPED = 2; // the map names this slot (mapLo/mapHi non-zero)
export const F_TIME_VALID = 4; // header timestamp validation bit
export const F_PSTORE_COMPRESSED = 8;
export const F_PSTORE_HEADER = 16; // the dmesg payload starts with `Reason#N PartM`
export const F_PSTORE_FAILED = 32; // a compressed payload could not be inflated

/** `IndexColumns.pstoreKind` */
export const PSTORE_NONE = 0,
  PSTORE_DMESG = 1;
const PSTORE_MCE = 2;
/** `IndexColumns.severity` when the header is too short to hold one. */
export const NO_SEVERITY = 0xffffffff;

/** One typed array per attribute, indexed by slot number. */
export interface IndexColumns {
  state: Uint8Array;
  flags: Uint8Array;
  /** Bytes of the record present in its slot (the header fields past it are absent). */
  avail: Uint32Array;
  mapLo: Uint32Array;
  mapHi: Uint32Array;
  idLo: Uint32Array;
  idHi: Uint32Array;
  /** record_length as the header claims it. */
  recordLength: Uint32Array;
  severity: Uint32Array;
  /** The 8 raw timestamp bytes (decoded to text on demand). */
  timeLo: Uint32Array;
  timeHi: Uint32Array;
  /** Index into `creators`, -1 when absent. */
  creator: Int32Array;
  /** Index into `notifications` (the header's notification type), -1 when absent. */
  notification: Int32Array;
  /** This slot's section types are `sectionTypes[sectionStart .. sectionStart + sectionCount)`. */
  sectionStart: Uint32Array;
  sectionCount: Uint16Array;
  pstoreKind: Uint8Array;
  /** Index into `reasons`, -1 without a dump header. */
  reason: Int32Array;
  dumpCount: Uint32Array;
  part: Uint32Array;
  /** Bytes of the header line (newline included). */
  headerLength: Uint8Array;
  /** Payload text length (header line included), -1 until computed (compressed payloads). */
  textLength: Int32Array;
}

export interface StoreIndex {
  path?: string;
  size: number;
  /** Header as decoded (the map is in mapLo/mapHi; its tree node has no children). */
  store: DecodedStore;
  geometry?: StoreGeometry;
  /** Number of slots indexed (whole slots plus a partial last one that holds something). */
  slots: number;
  cols: IndexColumns;
  /** Flat list of interned section type indexes (see sectionStart). */
  sectionTypes: Uint16Array;
  /** Parallel to sectionTypes: each descriptor's section offset, length and severity. */
  sectionOffsets: Uint32Array;
  sectionLengths: Uint32Array;
  sectionSeverities: Uint32Array;
  creators: Interner;
  notifications: Interner;
  types: Interner;
  reasons: Interner;
  /** Store diagnostics, then slot diagnostics in slot order (as decodeFile lists them). */
  diagnostics: Diagnostic[];
  /** Slot diagnostics by slot. */
  slotDiagnostics: Map<number, Diagnostic[]>;
  /** Slots that hold a record, in slot order (the rows of the records table). */
  records: Int32Array;
  /** Slots QEMU 7.0/7.1 wrote (old bytes left after the record), with what they left. */
  qemu71: Map<number, SlotTail>;
}

/**
 * Are bytes [from, end) of `b` all `v` (0x00 or 0xFF)? Whole aligned words are compared four
 * at a time, through `view.words`, a word view of b's buffer kept from call to call (making a
 * view costs more than checking a slot).
 */
function allBytes(b: Uint8Array, from: number, v: 0 | 0xff, view: { words: Int32Array }): boolean {
  let i = from;
  const end = b.length;
  while (i < end && (b.byteOffset + i) & 3) if (b[i++] !== v) return false;
  const n = (end - i) >> 2;
  if (n > 0) {
    if (view.words.buffer !== b.buffer) view.words = new Int32Array(b.buffer, 0, b.buffer.byteLength >> 2);
    const w = view.words;
    const first = (b.byteOffset + i) >> 2;
    let k = first;
    const last = first + n;
    if (v === 0) {
      for (; k + 4 <= last; k += 4) if ((w[k] | w[k + 1] | w[k + 2] | w[k + 3]) !== 0) return false;
      for (; k < last; k++) if (w[k] !== 0) return false;
    } else {
      for (; k + 4 <= last; k += 4) if ((w[k] & w[k + 1] & w[k + 2] & w[k + 3]) !== -1) return false;
      for (; k < last; k++) if (w[k] !== -1) return false;
    }
    i += n * 4;
  }
  while (i < end) if (b[i++] !== v) return false;
  return true;
}

function columns(n: number): IndexColumns {
  return {
    state: new Uint8Array(n).fill(EMPTY),
    flags: new Uint8Array(n),
    avail: new Uint32Array(n),
    mapLo: new Uint32Array(n),
    mapHi: new Uint32Array(n),
    idLo: new Uint32Array(n),
    idHi: new Uint32Array(n),
    recordLength: new Uint32Array(n),
    severity: new Uint32Array(n).fill(NO_SEVERITY),
    timeLo: new Uint32Array(n),
    timeHi: new Uint32Array(n),
    creator: new Int32Array(n).fill(-1),
    notification: new Int32Array(n).fill(-1),
    sectionStart: new Uint32Array(n),
    sectionCount: new Uint16Array(n),
    pstoreKind: new Uint8Array(n),
    reason: new Int32Array(n).fill(-1),
    dumpCount: new Uint32Array(n),
    part: new Uint32Array(n),
    headerLength: new Uint8Array(n),
    textLength: new Int32Array(n).fill(-1),
  };
}

/** A 64-bit value from two u32 columns as decimal text. */
export function u64Text(lo: number, hi: number): string {
  return hi === 0 ? String(lo) : ((BigInt(hi) << 32n) | BigInt(lo)).toString();
}

export function u64Of(lo: number, hi: number): bigint {
  return (BigInt(hi) << 32n) | BigInt(lo);
}

const mapHex = (cols: IndexColumns, slot: number) => hex64(u64Of(cols.mapLo[slot], cols.mapHi[slot]));

/**
 * The head of a slot's compressed dmesg payload when the host already has it (another thread
 * inflated it from the same bytes with inflateHead): the head, null when it could not be
 * inflated, undefined when unknown (the index inflates it itself).
 */
export type HeadOf = (slot: number, body: Uint8Array) => Uint8Array | null | undefined;

/**
 * Builds a StoreIndex from the store's bytes pushed in order, in chunks of any size.
 * Memory: the columns, the header area (24 + 8 bytes a slot) and one slot of carry.
 */
export class StoreIndexer {
  private readonly size: number;
  private pos = 0;
  private head: Uint8Array | null = new Uint8Array(0);
  private headNeed = STORE_HEADER_SIZE;
  private ix: StoreIndex | null = null;
  private rs = 0;
  private headerSlots = 0;
  private carry: Uint8Array = new Uint8Array(0);
  private carryLen = 0;
  private sectionTypes = new Uint16Array(1024);
  private sectionOffsets = new Uint32Array(1024);
  private sectionLengths = new Uint32Array(1024);
  private sectionSeverities = new Uint32Array(1024);
  private sectionUsed = 0;
  private readonly creators = new Interner();
  private readonly notifications = new Interner();
  private readonly types = new Interner();
  private readonly reasons = new Interner();
  private readonly slotDiagnostics = new Map<number, Diagnostic[]>();
  private recordSlots: number[] = [];
  /** allBytes's word view. */
  private readonly wordView = { words: new Int32Array(0) };
  /** Records indexed so far (for progress). */
  recordsSeen = 0;

  /**
   * `onRecord` sees each record's slot bytes as they are indexed, in slot order (a view valid
   * only during the call): one pass can index, hash and export.
   */
  constructor(
    size: number,
    readonly path?: string,
    private readonly onRecord?: (slot: number, bytes: Uint8Array, live: boolean) => void,
    private readonly headOf?: HeadOf,
  ) {
    this.size = size;
  }

  get bytesSeen(): number {
    return this.pos;
  }

  /** The store's record size once its header was read and holds (0 before, or when it does not). */
  get recordSize(): number {
    return this.rs;
  }

  push(chunk: Uint8Array): void {
    let c = chunk;
    while (this.head && c.length) {
      const take = Math.min(c.length, this.headNeed - this.head.length);
      const h = new Uint8Array(this.head.length + take);
      h.set(this.head);
      h.set(c.subarray(0, take), this.head.length);
      this.head = h;
      this.pos += take;
      c = c.subarray(take);
      if (this.head.length === STORE_HEADER_SIZE && this.headNeed === STORE_HEADER_SIZE) this.planHeader();
      if (this.head && this.head.length >= this.headNeed) this.startSlots();
    }
    if (this.head || !c.length) return;
    if (!this.ix || !this.rs) {
      this.pos += c.length;
      return;
    }
    this.slotBytes(c);
  }

  /** The header area's size, once the first 24 bytes tell record_size and storage_offset. */
  private planHeader(): void {
    const h = this.head!;
    const rs = u32(h, 8);
    if (recordSizeProblem(rs)) return;
    const slotCount = Math.floor(this.size / rs);
    const expected = Math.ceil((STORE_HEADER_SIZE + 8 * slotCount) / rs) * rs;
    let so = u32(h, 12);
    if (so % rs !== 0 || so === 0 || so > this.size) so = expected;
    this.headNeed = Math.min(this.size, so);
  }

  private startSlots(): void {
    const head = this.head!;
    this.head = null;
    const size = this.size;
    const src: ByteSource = {
      size,
      read: (o, l) => head.subarray(Math.max(0, Math.min(o, head.length)), Math.max(0, Math.min(o + l, head.length))),
    };
    const store = decodeStore(src, { records: false, slots: false, mapTree: false });
    const g = store.geometry;
    const slots = g ? g.slotCount + (size % g.recordSize !== 0 ? 1 : 0) : 0;
    this.ix = {
      path: this.path,
      size,
      store,
      geometry: g,
      slots,
      cols: columns(slots),
      sectionTypes: new Uint16Array(0),
      sectionOffsets: new Uint32Array(0),
      sectionLengths: new Uint32Array(0),
      sectionSeverities: new Uint32Array(0),
      creators: this.creators,
      notifications: this.notifications,
      types: this.types,
      reasons: this.reasons,
      diagnostics: [...store.diagnostics],
      slotDiagnostics: this.slotDiagnostics,
      records: new Int32Array(0),
      qemu71: new Map(),
    };
    if (!g) return;
    this.rs = g.recordSize;
    this.headerSlots = g.headerSlots;
    const cols = this.ix.cols;
    const mapSlots = Math.min(slots, Math.floor(Math.max(0, g.storageOffset - STORE_HEADER_SIZE) / 8));
    for (let i = 0; i < mapSlots; i++) {
      const o = STORE_HEADER_SIZE + 8 * i;
      if (o + 8 > head.length) break;
      cols.mapLo[i] = u32(head, o);
      cols.mapHi[i] = u32(head, o + 4);
      if (cols.mapLo[i] || cols.mapHi[i]) cols.flags[i] |= F_MAPPED;
    }
    for (let i = 0; i < Math.min(this.headerSlots, slots); i++) cols.state[i] = HEADER;
    this.carry = new Uint8Array(this.rs);
  }

  private slotBytes(c: Uint8Array): void {
    const rs = this.rs;
    let i = 0;
    while (i < c.length) {
      const slot = Math.floor(this.pos / rs);
      const inSlot = this.pos - slot * rs;
      if (slot < this.headerSlots) {
        // Header-area bytes past what the header needed (a storage offset smaller than QEMU's).
        const skip = Math.min(c.length - i, rs - inSlot);
        i += skip;
        this.pos += skip;
        continue;
      }
      if (inSlot === 0 && this.carryLen === 0 && c.length - i >= rs) {
        this.classify(slot, c.subarray(i, i + rs));
        i += rs;
        this.pos += rs;
        continue;
      }
      const take = Math.min(c.length - i, rs - this.carryLen);
      this.carry.set(c.subarray(i, i + take), this.carryLen);
      this.carryLen += take;
      i += take;
      this.pos += take;
      if (this.carryLen === rs) {
        this.classify(slot, this.carry);
        this.carryLen = 0;
      }
    }
  }

  private addDiag(slot: number, d: Diagnostic): void {
    const list = this.slotDiagnostics.get(slot);
    if (list) list.push(d);
    else this.slotDiagnostics.set(slot, [d]);
  }

  private classify(index: number, bytes: Uint8Array): void {
    const rs = this.rs;
    const cols = this.ix!.cols;
    const off = index * rs;
    const mapped = (cols.flags[index] & F_MAPPED) !== 0;
    const hasRecord = bytes.length >= 4 && bytes[0] === 0x43 && bytes[1] === 0x50 && bytes[2] === 0x45 && bytes[3] === 0x52;
    cols.state[index] = EMPTY;
    if (bytes.length < rs) {
      cols.state[index] = UNREADABLE;
      this.addDiag(
        index,
        expert('slot.truncated', `slot ${index} has ${bytes.length} of ${rs} bytes (the file ends inside it)`, off + bytes.length),
      );
      if (hasRecord) this.record(index, bytes);
      return;
    }
    if (mapped) {
      cols.state[index] = LIVE;
      if (!hasRecord)
        this.addDiag(
          index,
          expert('slot.live-without-record', `slot ${index} is mapped to ${mapHex(cols, index)} but holds no CPER record`, off, 4),
        );
    } else if (hasRecord) {
      cols.state[index] = CLEARED;
    } else if (allBytes(bytes, 0, 0, this.wordView) || allBytes(bytes, 0, 0xff, this.wordView)) {
      return;
    } else {
      cols.state[index] = UNREADABLE;
      this.addDiag(index, expert('slot.garbage', `slot ${index} is not in the map and holds neither a CPER record nor fill bytes`, off, 4));
      return;
    }
    if (!hasRecord) return;
    this.record(index, bytes);
    if (mapped && (cols.idLo[index] !== cols.mapLo[index] || cols.idHi[index] !== cols.mapHi[index])) {
      this.addDiag(
        index,
        expert(
          'slot.id-mismatch',
          `map says ${mapHex(cols, index)} but the record in slot ${index} has id ${hex64(u64Of(cols.idLo[index], cols.idHi[index]))}`,
          off + 96,
          8,
        ),
      );
    }
    const len = u32(bytes, H_LENGTH);
    if (len > rs) this.addDiag(index, expert('slot.length-past-slot', `record length ${len} runs past the ${rs}-byte slot`, off + 20, 4));
    // Nearly every slot ends in 0xFF fill (QEMU 7.2+): checked a word at a time, the byte-wise
    // classification runs only for the others.
    const tail = len > 0 && len < rs && allBytes(bytes, len, 0xff, this.wordView) ? undefined : slotTail(bytes, len);
    if (tail?.writer === 'qemu-7.0/7.1') {
      this.ix!.qemu71.set(index, tail);
      const r = tail.remnant;
      this.addDiag(
        index,
        expert(
          'slot.qemu71-write',
          `slot ${index} was written by QEMU 7.0 or 7.1: the 255 bytes after the record hold 0x${tail.fill.toString(16).padStart(2, '0')} (their write memset had its arguments swapped, fixed in 7.2), and the rest of the slot was not wiped`,
          off + len,
          Math.min(255, rs - len),
        ),
      );
      if (r)
        this.addDiag(
          index,
          expert(
            'slot.remnant',
            `slot ${index} keeps ${r.length} bytes of an earlier record after this one (recoverable remnant at slot offset ${r.offset})`,
            off + r.offset,
            r.length,
          ),
        );
    }
  }

  /** Header values, section types and the pstore head of the record at the start of `b`. */
  private record(index: number, b: Uint8Array): void {
    const cols = this.ix!.cols;
    const avail = Math.min(b.length, this.rs);
    this.recordSlots.push(index);
    this.recordsSeen++;
    cols.flags[index] |= F_RECORD;
    cols.avail[index] = avail;
    this.onRecord?.(index, avail === b.length ? b : b.subarray(0, avail), (cols.flags[index] & F_MAPPED) !== 0);
    if (H_SEVERITY + 4 <= avail) cols.severity[index] = u32(b, H_SEVERITY);
    if (H_VALID + 4 <= avail && (u32(b, H_VALID) & 2) !== 0) cols.flags[index] |= F_TIME_VALID;
    if (H_LENGTH + 4 <= avail) cols.recordLength[index] = u32(b, H_LENGTH);
    if (H_TIME + 8 <= avail) {
      cols.timeLo[index] = u32(b, H_TIME);
      cols.timeHi[index] = u32(b, H_TIME + 4);
    }
    if (H_CREATOR + 16 <= avail) cols.creator[index] = this.creators.idOfBytes(b, H_CREATOR, H_CREATOR + 16, guidAt);
    if (H_NOTIFY + 16 <= avail) cols.notification[index] = this.notifications.idOfBytes(b, H_NOTIFY, H_NOTIFY + 16, guidAt);
    if (H_ID + 8 <= avail) {
      cols.idLo[index] = u32(b, H_ID);
      cols.idHi[index] = u32(b, H_ID + 4);
    }
    cols.sectionStart[index] = this.sectionUsed;
    if (avail < HEADER_SIZE) return;
    // The record's extent and its sections, as decodeRecord bounds them.
    const claimed = u32(b, H_LENGTH);
    const extent = recordExtent(claimed, avail);
    const fit = Math.max(0, Math.floor((extent - HEADER_SIZE) / DESCRIPTOR_SIZE));
    const n = Math.min(u16(b, H_COUNT), fit, 0xffff);
    if (this.sectionUsed + n > this.sectionTypes.length) {
      const cap = Math.max(this.sectionTypes.length * 2, this.sectionUsed + n);
      const grow = <T extends Uint16Array | Uint32Array>(a: T, make: (n: number) => T): T => {
        const g = make(cap);
        g.set(a);
        return g;
      };
      this.sectionTypes = grow(this.sectionTypes, (k) => new Uint16Array(k));
      this.sectionOffsets = grow(this.sectionOffsets, (k) => new Uint32Array(k));
      this.sectionLengths = grow(this.sectionLengths, (k) => new Uint32Array(k));
      this.sectionSeverities = grow(this.sectionSeverities, (k) => new Uint32Array(k));
    }
    for (let i = 0; i < n; i++) {
      const d = HEADER_SIZE + i * DESCRIPTOR_SIZE;
      const k = this.sectionUsed++;
      this.sectionTypes[k] = this.types.idOfBytes(b, d + D_TYPE, d + D_TYPE + 16, guidAt);
      this.sectionOffsets[k] = u32(b, d + D_OFFSET);
      this.sectionLengths[k] = u32(b, d + D_LENGTH);
      this.sectionSeverities[k] = u32(b, d + D_SEVERITY);
    }
    cols.sectionCount[index] = n;
    if (n === 0) return;
    const type = this.types.values[this.sectionTypes[cols.sectionStart[index]]];
    if (type !== SECTION_DMESG && type !== SECTION_DMESG_Z && type !== SECTION_MCE) return;
    const body = firstBody(b, avail);
    if (!body) return;
    if (type === SECTION_MCE) {
      cols.pstoreKind[index] = PSTORE_MCE;
      cols.textLength[index] = body.length;
      return;
    }
    cols.pstoreKind[index] = PSTORE_DMESG;
    let head: Uint8Array | undefined = body;
    if (type === SECTION_DMESG) cols.textLength[index] = body.length;
    else {
      cols.flags[index] |= F_PSTORE_COMPRESSED;
      const known = this.headOf?.(index, body);
      head = known === undefined ? inflateHead(body).head : (known ?? undefined);
      if (!head) {
        cols.flags[index] |= F_PSTORE_FAILED;
        // As the kernel does (.enc.z), the payload is then the compressed bytes.
        cols.textLength[index] = body.length;
        return;
      }
    }
    const h = dumpHeaderOf(head, this.reasons);
    if (!h) return;
    cols.flags[index] |= F_PSTORE_HEADER;
    cols.reason[index] = h.reason;
    cols.dumpCount[index] = h.count;
    cols.part[index] = h.part;
    cols.headerLength[index] = h.length;
  }

  /** The index, once every byte was pushed (a partial last slot is classified here). */
  finish(): StoreIndex {
    // Fewer bytes than the header: decode what there is (decodeStore names the problem).
    if (!this.ix) this.startSlots();
    const ix = this.ix!;
    const g = ix.geometry;
    if (g && this.carryLen > 0 && Math.floor(this.pos / this.rs) >= this.headerSlots) {
      const slot = Math.floor((this.pos - this.carryLen) / this.rs);
      this.classify(slot, this.carry.slice(0, this.carryLen));
      this.carryLen = 0;
    }
    if (g && ix.slots > g.slotCount) {
      // A partial last slot is listed only when it holds something (as decodeStore does).
      const last = g.slotCount;
      if (ix.cols.state[last] === EMPTY && !(ix.cols.flags[last] & F_MAPPED)) ix.slots = last;
    }
    ix.sectionTypes = this.sectionTypes.subarray(0, this.sectionUsed);
    ix.sectionOffsets = this.sectionOffsets.subarray(0, this.sectionUsed);
    ix.sectionLengths = this.sectionLengths.subarray(0, this.sectionUsed);
    ix.sectionSeverities = this.sectionSeverities.subarray(0, this.sectionUsed);
    ix.records = Int32Array.from(this.recordSlots);
    this.wordView.words = new Int32Array(0);
    if (ix.qemu71.size) {
      const old = ix.qemu71.size;
      let remnants = 0;
      for (const t of ix.qemu71.values()) if (t.remnant) remnants++;
      ix.diagnostics.push(
        expert(
          'store.qemu71-writes',
          `${old} slot${old === 1 ? ' was' : 's were'} written by QEMU 7.0 or 7.1, which left each slot's old bytes after the new record; ${remnants} hold${remnants === 1 ? 's' : ''} remnants of earlier records`,
          0,
          8,
        ),
      );
    }
    for (let s = 0; s < ix.slots; s++) {
      const d = this.slotDiagnostics.get(s);
      if (d) ix.diagnostics.push(...d);
    }
    return ix;
  }
}

/** Indexes a whole ByteSource in 4 MiB reads (tests, the browser, hosts that hash elsewhere). */
export function indexStore(src: ByteSource, path?: string): StoreIndex {
  const ix = new StoreIndexer(src.size, path);
  const CHUNK = 4 * 1024 * 1024;
  for (let o = 0; o < src.size; o += CHUNK) ix.push(src.read(o, Math.min(CHUNK, src.size - o)).slice());
  return ix.finish();
}
