/** Pieces several section layouts share: the Generic Error Status (UEFI N.2.5.x) and helpers. */
import { keyBytes } from '../decode/json-text';
import { bitSet, intOf, linuxLines } from '../decode/linux-plan';
import type { BitSpec, FieldSpec, JsonOut, LinuxCtx, StructSpec, Value } from '../decode/spec';
import { u64 } from '../decode/fields';

const ERROR_STATUS_TYPES: Readonly<Record<number, string>> = {
  1: 'ERR_INTERNAL',
  16: 'ERR_BUS',
  4: 'ERR_MEM',
  5: 'ERR_TLB',
  6: 'ERR_CACHE',
  7: 'ERR_FUNCTION',
  8: 'ERR_SELFTEST',
  9: 'ERR_FLOW',
  17: 'ERR_MAP',
  18: 'ERR_IMPROPER',
  19: 'ERR_UNIMPL',
  20: 'ERR_LOL',
  21: 'ERR_RESPONSE',
  22: 'ERR_PARITY',
  23: 'ERR_PROTOCOL',
  24: 'ERR_ERROR',
  25: 'ERR_TIMEOUT',
  26: 'ERR_POISONED',
};

const ERROR_STATUS_DESCRIPTIONS: Readonly<Record<number, string>> = {
  1: 'Error detected internal to the component.',
  16: 'Error detected in the bus.',
  4: 'Storage error in memory (DRAM).',
  5: 'Storage error in TLB.',
  6: 'Storage error in cache.',
  7: 'Error in one or more functional units.',
  8: 'Component failed self test.',
  9: 'Overflow or underflow of internal queue.',
  17: 'Virtual address not found on IO-TLB or IO-PDIR.',
  18: 'Improper access error.',
  19: 'Access to a memory address which is not mapped to any component.',
  20: 'Loss of Lockstep error.',
  21: 'Response not associated with a request.',
  22: 'Bus parity error (must also set the A, C, or D bits).',
  23: 'Detection of a protocol error.',
  24: 'Detection of a PATH_ERROR.',
  25: 'Bus operation timeout.',
  26: 'A read was issued to data that has been poisoned.',
};

const bool = (path: string): JsonOut => ({ path, shape: 'bool' });

/** The 8-byte Generic Error Status with its bits expanded, as libcper's `errorStatus`. */
export function errorStatusField(at: number, valid: number, json = 'errorStatus'): FieldSpec {
  const bits: BitSpec[] = [
    {
      key: 'errorType',
      label: 'Error type',
      lo: 8,
      width: 8,
      enum: ERROR_STATUS_TYPES,
      json: { path: `${json}.errorType`, shape: 'pair', names: ERROR_STATUS_TYPES, desc: ERROR_STATUS_DESCRIPTIONS, unknown: 'Unknown' },
    },
    { key: 'addressSignal', label: 'Address', lo: 16, json: bool(`${json}.addressSignal`) },
    { key: 'controlSignal', label: 'Control', lo: 17, json: bool(`${json}.controlSignal`) },
    { key: 'dataSignal', label: 'Data', lo: 18, json: bool(`${json}.dataSignal`) },
    { key: 'detectedByResponder', label: 'Detected by responder', lo: 19, json: bool(`${json}.detectedByResponder`) },
    { key: 'detectedByRequester', label: 'Detected by requester', lo: 20, json: bool(`${json}.detectedByRequester`) },
    { key: 'firstError', label: 'First error', lo: 21, json: bool(`${json}.firstError`) },
    { key: 'overflowDroppedLogs', label: 'Overflow (logs dropped)', lo: 22, json: bool(`${json}.overflowDroppedLogs`) },
  ];
  return { key: 'errorStatus', label: 'Error status', at, type: 'u64', hex: true, valid, bits };
}

/**
 * A bit range of a processor's error or check information word, valid when bit `valid` of the
 * word is set: in libcper's JSON a `{value, name}` pair when named, a boolean when one bit wide,
 * else a number.
 */
export function checkBit(key: string, lo: number, valid: number, width = 1, names?: Readonly<Record<number, string>>): BitSpec {
  return {
    key,
    lo,
    width,
    ...(names ? { enum: names } : {}),
    json: names
      ? { path: key, shape: 'pair', names, unknown: 'Unknown (Reserved)', valid }
      : width === 1
        ? { path: key, shape: 'bool', valid }
        : { path: key, valid },
  };
}

/** A 64-bit information word whose low bits say which of its bit ranges are valid (its own validation field). */
export function selfValidatedWord(key: string, label: string, bits: readonly BitSpec[], structLabel = label): StructSpec {
  return { key, label: structLabel, size: 8, validation: key, fields: [u64(key, 0, { label, hex: true, bits })] };
}

export function pair(path: string, names: Readonly<Record<number, string>>, unknown = 'Unknown', extra: Partial<JsonOut> = {}): JsonOut {
  return { path, shape: 'pair', names, unknown, ...extra };
}

/** A declared value as a number for kernel text (absent reads as 0, as the kernel's zeroed copy would). */
export const num = (v: Value | number): number => (typeof v === 'number' ? v : Number(intOf(v)));

/** `v` in lower-case hex at least `digits` wide, without prefix (Linux's `%0Nx`). */
export const hexN = (v: Value | number, digits: number): string => num(v).toString(16).padStart(digits, '0');

/** Entry `i` of one of Linux's name tables, "unknown" past its end. */
export const nameIn = (list: readonly string[], i: number): string => list[i] ?? 'unknown';

/**
 * The kernel text of a section's array elements (`ctx.items`, declared by `spec`): for each, the
 * heading `<title> <i>:` and its declared lines one space deeper, each gated by its bit of the
 * element's 64-bit validation word, tested exactly as Linux tests it.
 */
export function elementsLines(ctx: LinuxCtx, spec: StructSpec, title: string): string[] {
  const o: string[] = [];
  const vf = spec.validation;
  ctx.items.forEach((v, i) => {
    o.push(`${ctx.p}${title} ${i}:`);
    o.push(...linuxLines(spec, { ...ctx, p: ctx.p + ' ', v, valid: (bit) => vf !== undefined && bitSet(v[vf], bit) }));
  });
  return o;
}

/** Linux's `<a>: 0x%0Nx, <b>: 0x%0Nx` line of two fields (`digits` = N). */
export function hexPair({ p, v }: LinuxCtx, a: string, keyA: string, b: string, keyB: string, digits: number): string {
  return `${p}${a}: 0x${hexN(v[keyA], digits)}, ${b}: 0x${hexN(v[keyB], digits)}`;
}

/**
 * libcper's `add_untrusted_string` over `len` bytes: the text up to the first NUL, or nothing
 * (undefined) if a non-printable byte comes first.
 */
export function untrusted(b: Uint8Array, o: number, len: number): string | undefined {
  let s = '';
  for (let i = 0; i < len; i++) {
    const c = b[o + i];
    if (c === 0) break;
    if (c < 0x20 || c > 0x7e) return undefined;
    s += String.fromCharCode(c);
  }
  return s;
}

/** An untrusted string that must end with a NUL inside its `size` bytes: nothing when empty or unterminated. */
export function terminatedString(b: Uint8Array, o: number, size: number): string | undefined {
  let n = 0;
  while (n < size && b[o + n] !== 0) n++;
  return n === 0 || n === size ? undefined : untrusted(b, o, n);
}

/**
 * A JSON member at `path` (its key: the path's last part) whose text comes from the field's
 * bytes at `off`; left out when `text` gives none.
 */
export function textOut(path: string, text: (b: Uint8Array, off: number) => string | undefined): JsonOut {
  const key = keyBytes(path.slice(path.lastIndexOf('.') + 1));
  return {
    path,
    write: (w, b, off) => {
      const s = text(b, off);
      if (s === undefined) return;
      w.key(key);
      w.str(s);
    },
  };
}

/** The JSON member of a NUL-terminated string field, left out when terminatedString has none. */
export const terminatedOut = (path: string, size: number): JsonOut => textOut(path, (b, off) => terminatedString(b, off, size));

/** libcper's `"0x%0NX"`: upper-case hex, `digits` wide. */
export const hexOut = (path: string, digits: number): JsonOut => ({ path, shape: 'hex', digits });

/** JSON keys encoded once, by name, for the hooks that write members the declarations cannot. */
export function jsonKeys<const N extends string>(names: readonly N[]): Record<N, Uint8Array> {
  return Object.fromEntries(names.map((k) => [k, keyBytes(k)])) as Record<N, Uint8Array>;
}

export function listToRecord(list: readonly string[], keys?: readonly number[]): Record<number, string> {
  const o: Record<number, string> = {};
  list.forEach((n, i) => (o[keys ? keys[i] : i] = n));
  return o;
}

export const hex16 = (v: bigint | number | undefined): string => '0x' + (v ?? 0).toString(16).toUpperCase().padStart(16, '0');

/** libcper's severity names (CPER-JSON). */
export { LIBCPER_SEVERITY as JSON_SEVERITY } from '../cper/strings';
