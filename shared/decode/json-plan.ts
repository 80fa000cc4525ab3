/**
 * CPER-JSON from a StructSpec, in one pass over the bytes: each declaration is compiled once
 * into a plan (per field: offset, size, type code, validation gate; the `json` outputs of the
 * fields and their bit ranges arranged as the tree of keys their paths describe, keys and
 * constant strings pre-encoded). Running a plan reads the fields into two 32-bit halves each
 * and writes the libcper-shaped object straight into a JsonText. Fields beyond the bytes are
 * left out, as are outputs whose validation bit is clear (libcper's convention); an object
 * that would stay empty is not written.
 */
import type { FieldSpec, JsonOut, StructSpec } from './spec';
import { fieldPlan, readValue, T, type Value } from './plan';
import { guidText } from './guid-text';
import { keyBytes, strBytes, type JsonText } from './json-text';
const enum S {
  NUM,
  PAIR,
  NAME,
  HEX,
  BOOL,
  B64,
  STR,
  BCD,
  HOOK,
}
const SHAPE: Record<string, S> = {
  num: S.NUM,
  pair: S.PAIR,
  name: S.NAME,
  hex: S.HEX,
  bool: S.BOOL,
  b64: S.B64,
  guid: S.STR,
  str: S.STR,
  bcd: S.BCD,
};

/** One way a leaf can be written (several when two outputs share a path: the last that passes wins). */
interface Cand {
  field: number;
  /** Bit range within the field, or width -1 for the whole field. */
  lo: number;
  width: number;
  /** For a range within the low 32 bits: its mask after shifting by `lo` (else 0: bitsOf). */
  lowMask: number;
  gate: number;
  unless: number;
  shape: S;
  names?: Map<number, Uint8Array>;
  unknown: Uint8Array;
  desc?: Map<number, Uint8Array>;
  valueKey: Uint8Array;
  nameKey: Uint8Array;
  digits: number;
  /** `unknown: ''`: a value without a name leaves the key out (libcper's `add_dict` value). */
  omit: boolean;
  /** Names of GUID values and their encoded text (filled as names are met). */
  guids?: Readonly<Record<string, string>>;
  guidText?: Map<string, Uint8Array>;
  write?: JsonOut['write'];
}

// Leaves and groups have the same properties in the same order: one object shape, so the
// writer's loop over members reads them without shape checks.
interface Leaf {
  leaf: true;
  key: Uint8Array;
  members: readonly Member[];
  byName: ReadonlyMap<string, Member>;
  cands: Cand[];
}
interface Group {
  leaf: false;
  key: Uint8Array;
  members: Member[];
  byName: Map<string, Member>;
  cands: readonly Cand[];
}
const NO_MEMBERS: readonly Member[] = [];
const NO_NAMES: ReadonlyMap<string, Member> = new Map();
const NO_CANDS: readonly Cand[] = [];
type Member = Leaf | Group;

export interface StructPlan {
  spec: StructSpec;
  n: number;
  at: Int32Array;
  size: Int32Array;
  type: Uint8Array;
  keys: string[];
  validation: number;
  root: Group;
  /** Scratch filled by `read`: low/high halves (offset for byte-like fields) and presence. */
  base: number;
  end: number;
  lo: Uint32Array;
  hi: Uint32Array;
  ok: Uint8Array;
  b: Uint8Array;
  /** The values of the last `read`, by key (as decodeStruct's `v`), computed on access. */
  view: Record<string, Value>;
}

const PLANS = new WeakMap<StructSpec, StructPlan>();

function jsonOuts(j: FieldSpec['json']): JsonOut[] {
  if (j === undefined) return [];
  const arr = (Array.isArray(j) ? j : [j]) as (string | JsonOut)[];
  return arr.map((x) => (typeof x === 'string' ? { path: x } : x));
}

function encodeNames(names: Readonly<Record<number, string>> | undefined): Map<number, Uint8Array> | undefined {
  if (!names) return undefined;
  const m = new Map<number, Uint8Array>();
  for (const k of Object.keys(names)) m.set(Number(k), strBytes(names[Number(k)]));
  return m;
}

function addLeaf(root: Group, path: string, cand: Cand): void {
  const parts = path.split('.');
  let g = root;
  for (let i = 0; i < parts.length - 1; i++) {
    let m = g.byName.get(parts[i]);
    if (!m || m.leaf) {
      m = { leaf: false, key: keyBytes(parts[i]), members: [], byName: new Map(), cands: NO_CANDS };
      g.byName.set(parts[i], m);
      g.members.push(m);
    }
    g = m;
  }
  const last = parts[parts.length - 1];
  let m = g.byName.get(last);
  if (!m || !m.leaf) {
    m = { leaf: true, key: keyBytes(last), members: NO_MEMBERS, byName: NO_NAMES, cands: [] };
    g.byName.set(last, m);
    g.members.push(m);
  }
  m.cands.push(cand);
}

function cand(o: JsonOut, field: number, lo: number, width: number, fieldValid: number | undefined): Cand {
  const g = o.valid ?? fieldValid;
  return {
    field,
    lo,
    width,
    lowMask: width > 0 && lo + width <= 32 ? (width === 32 ? 0xffffffff : 2 ** width - 1) : 0,
    gate: g === undefined || g === 'always' ? -1 : g,
    unless: o.unless ?? -1,
    shape: o.write ? S.HOOK : SHAPE[o.shape ?? 'num'],
    names: encodeNames(o.names),
    unknown: strBytes(o.unknown ?? 'Unknown'),
    desc: encodeNames(o.desc),
    valueKey: keyBytes(o.valueKey ?? 'value'),
    nameKey: keyBytes(o.nameKey ?? 'name'),
    digits: o.digits ?? 0,
    omit: o.unknown === '',
    guids: o.guids,
    guidText: o.guids ? new Map() : undefined,
    write: o.write,
  };
}

export function structPlan(spec: StructSpec): StructPlan {
  const p = PLANS.get(spec);
  if (p) return p;
  const fp = fieldPlan(spec);
  const n = fp.n;
  const root: Group = { leaf: false, key: new Uint8Array(0), members: [], byName: new Map(), cands: NO_CANDS };
  const plan: StructPlan = {
    spec,
    n,
    at: fp.at,
    size: fp.size,
    type: fp.type,
    keys: fp.keys,
    validation: fp.validation,
    root,
    base: 0,
    end: 0,
    lo: new Uint32Array(n),
    hi: new Uint32Array(n),
    ok: new Uint8Array(n),
    b: new Uint8Array(0),
    view: {},
  };
  // Outputs in field order, except those placed `before` another field's.
  const outs: { pos: number; path: string; c: Cand }[] = [];
  fp.fields.forEach((f, i) => {
    for (const o of jsonOuts(f.json)) {
      const pos = o.before === undefined ? i : fp.keys.indexOf(o.before) - 0.5;
      outs.push({ pos, path: o.path, c: cand(o, i, o.lo ?? 0, o.lo === undefined ? -1 : (o.width ?? 1), f.valid) });
    }
    for (const bs of f.bits ?? [])
      for (const o of jsonOuts(bs.json)) outs.push({ pos: i, path: o.path, c: cand(o, i, bs.lo, bs.width ?? 1, f.valid) });
    Object.defineProperty(plan.view, f.key, { enumerable: true, get: () => valueOf(plan, i) });
  });
  outs.sort((a, b) => a.pos - b.pos);
  for (const o of outs) addLeaf(root, o.path, o.c);
  PLANS.set(spec, plan);
  return plan;
}

function valueOf(p: StructPlan, i: number): Value {
  if (!p.ok[i]) return undefined;
  const t = p.type[i];
  if (t === T.U64) return (BigInt(p.hi[i]) << 32n) | BigInt(p.lo[i]);
  if (t < T.GUID) return p.lo[i];
  return readValue(p.b, p.lo[i], t, p.size[i]);
}

/** Bits [lo, lo+width) of a value held as two 32-bit halves. */
export function bitsOf(lo32: number, hi32: number, lo: number, width: number): number {
  if (lo >= 32) return width >= 32 ? hi32 >>> (lo - 32) : (hi32 >>> (lo - 32)) & (2 ** width - 1);
  const low = lo32 >>> lo;
  const lowWidth = 32 - lo;
  if (width <= lowWidth) return width >= 32 ? low : low & (2 ** width - 1);
  const hiPart = width - lowWidth >= 32 ? hi32 : hi32 & (2 ** (width - lowWidth) - 1);
  return low + hiPart * 2 ** lowWidth;
}

/** Reads the plan's fields at `at` (bytes up to `end`) into its scratch; returns the plan. */
export function readPlan(p: StructPlan, b: Uint8Array, at: number, end: number): StructPlan {
  const lo = p.lo;
  const hi = p.hi;
  const ok = p.ok;
  p.b = b;
  p.base = at;
  p.end = end;
  for (let i = 0; i < p.n; i++) {
    const off = at + p.at[i];
    if (off < 0 || off + p.size[i] > end) {
      ok[i] = 0;
      continue;
    }
    ok[i] = 1;
    hi[i] = 0;
    switch (p.type[i]) {
      case T.U8:
        lo[i] = b[off];
        break;
      case T.U16:
        lo[i] = b[off] | (b[off + 1] << 8);
        break;
      case T.U32:
        lo[i] = b[off] | (b[off + 1] << 8) | (b[off + 2] << 16) | (b[off + 3] << 24);
        break;
      case T.U64:
        lo[i] = b[off] | (b[off + 1] << 8) | (b[off + 2] << 16) | (b[off + 3] << 24);
        hi[i] = b[off + 4] | (b[off + 5] << 8) | (b[off + 6] << 16) | (b[off + 7] << 24);
        break;
      default:
        lo[i] = off;
    }
  }
  return p;
}

function writeLeaf(w: JsonText, p: StructPlan, c: Cand): void {
  const i = c.field;
  const t = p.type[i];
  if (t >= T.GUID) {
    const off = p.lo[i];
    if (c.shape === S.B64) w.b64(p.b, off, p.size[i]);
    else if (t === T.GUID) {
      if (c.shape === S.NAME) w.raw(guidName(c, p.b, off));
      else w.guid(p.b, off);
    } else if (t === T.ASCII) w.asciiz(p.b, off, p.size[i]);
    else {
      const v = valueOf(p, i);
      if (typeof v === 'string') w.str(v);
      else w.raw(strBytes('null'));
    }
    return;
  }
  let lo = p.lo[i];
  let hi = p.hi[i];
  if (c.lowMask !== 0) {
    lo = ((lo >>> c.lo) & c.lowMask) >>> 0;
    hi = 0;
  } else if (c.width >= 0) {
    const v = bitsOf(lo, hi, c.lo, c.width);
    lo = v >>> 0;
    hi = v > 0xffffffff ? Math.floor(v / 4294967296) : 0;
  }
  switch (c.shape) {
    case S.NUM:
      w.u64(lo, hi);
      return;
    case S.HEX:
      w.hex(lo, hi, c.digits);
      return;
    case S.BOOL:
      w.bool(lo !== 0 || hi !== 0);
      return;
    case S.BCD:
      w.int(((lo >> 4) & 15) * 10 + (lo & 15));
      return;
    case S.NAME:
      w.raw((hi === 0 ? c.names?.get(lo) : undefined) ?? c.unknown);
      return;
    case S.PAIR: {
      const n = hi === 0 ? lo : hi * 4294967296 + lo;
      w.open();
      w.key(c.valueKey);
      w.u64(lo, hi);
      const d = c.desc?.get(n);
      if (d) {
        w.key(KEY_DESCRIPTION);
        w.raw(d);
      }
      w.key(c.nameKey);
      w.raw(c.names?.get(n) ?? c.unknown);
      w.close();
      return;
    }
    default:
      w.u64(lo, hi);
  }
}
const KEY_DESCRIPTION = keyBytes('description');

/** The encoded name of the GUID at `off` (only names from the table are kept, so the cache stays bounded). */
function guidName(c: Cand, b: Uint8Array, off: number): Uint8Array {
  const g = guidText(b, off);
  let e = c.guidText?.get(g);
  if (e) return e;
  const name = c.guids?.[g];
  if (name === undefined) return c.unknown;
  e = strBytes(name);
  c.guidText?.set(g, e);
  return e;
}

/** Bit `b` (0..63) of a value held as two 32-bit halves: bitsOf(lo32, hi32, b, 1). */
function bitAt(lo32: number, hi32: number, b: number): number {
  return b < 32 ? (lo32 >>> b) & 1 : (hi32 >>> (b - 32)) & 1;
}

function writeMembers(w: JsonText, p: StructPlan, g: Group): void {
  const ms = g.members;
  const ok = p.ok;
  // The validation field, read once for every member (passes() per candidate, unrolled).
  const v = p.validation;
  const gated = v >= 0 && ok[v] !== 0;
  const vlo = gated ? p.lo[v] : 0;
  const vhi = gated ? p.hi[v] : 0;
  for (let k = 0; k < ms.length; k++) {
    const m = ms[k];
    if (m.leaf) {
      const cs = m.cands;
      for (let j = cs.length - 1; j >= 0; j--) {
        const c = cs[j];
        if (!ok[c.field]) continue;
        if (gated && ((c.gate >= 0 && bitAt(vlo, vhi, c.gate) === 0) || (c.unless >= 0 && bitAt(vlo, vhi, c.unless) === 1))) continue;
        if (c.omit && !named(p, c)) break;
        if (c.shape === S.HOOK) {
          c.write?.(w, p.b, p.base + p.at[c.field], p.end);
          break;
        }
        w.key(m.key);
        writeLeaf(w, p, c);
        break;
      }
    } else {
      w.lazy(m.key);
      writeMembers(w, p, m);
      w.endLazy();
    }
  }
}

/** Does the candidate's value (whole field or bit range) have a name? */
function named(p: StructPlan, c: Cand): boolean {
  const i = c.field;
  const v = c.width >= 0 ? bitsOf(p.lo[i], p.hi[i], c.lo, c.width) : p.hi[i] * 4294967296 + p.lo[i];
  return c.names?.has(v) ?? false;
}

/** The members of the plan's object for the values of the last `readPlan` (no braces). */
export function writePlanMembers(w: JsonText, p: StructPlan): void {
  writeMembers(w, p, p.root);
}

/**
 * Writes `spec`'s object for the structure at `at` of `b` (bytes up to `end`), with `extra`
 * members (called after the declared ones, before the closing brace).
 */
export function writeStruct(
  w: JsonText,
  spec: StructSpec,
  b: Uint8Array,
  at: number,
  end: number,
  extra?: (w: JsonText, p: StructPlan) => void,
): void {
  const p = readPlan(structPlan(spec), b, at, end);
  w.open();
  writeMembers(w, p, p.root);
  if (extra) extra(w, p);
  w.close();
}

/** Field `key`'s value halves after `readPlan` (undefined when absent). */
export function planNum(p: StructPlan, key: string): number | undefined {
  const i = p.keys.indexOf(key);
  if (i < 0 || !p.ok[i]) return undefined;
  return p.hi[i] * 4294967296 + p.lo[i];
}

/** Is validation bit `bit` of the plan's validation field set (after `readPlan`)? */
export function planValid(p: StructPlan, bit: number): boolean {
  const v = p.validation;
  return v >= 0 && p.ok[v] === 1 && bitsOf(p.lo[v], p.hi[v], bit, 1) === 1;
}
