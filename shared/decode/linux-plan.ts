/**
 * Kernel-style text from a declaration: the `linux` outputs of its fields and bit ranges,
 * compiled once into the list of lines Linux prints (in its order), each with its validation
 * gate and format. Running the plan over a structure's values gives the lines; hooks beside a
 * declaration add only what combines fields or walks arrays.
 */
import { hex0x } from '../bytes/hex';
import { flatFields, type FieldSpec, type LinuxCtx, type LinuxOut, type StructSpec, type Value } from './spec';

/** One line Linux prints for a field or a bit range of it. */
export interface LinuxLine {
  /** The field's index in flatFields order (the field plan's index). */
  i: number;
  field: FieldSpec;
  /** Bit range within the field, or width -1 for the whole field. */
  lo: number;
  width: number;
  gate: number;
  out: LinuxOut;
}

const PLANS = new WeakMap<StructSpec, LinuxLine[]>();

function gateOf(out: LinuxOut, f: FieldSpec): number {
  const g = out.valid ?? f.valid;
  return g === undefined || g === 'always' ? -1 : g;
}

/** The lines Linux prints for `spec`, in its order: compiled once per declaration. */
export function linuxPlan(spec: StructSpec): readonly LinuxLine[] {
  let plan = PLANS.get(spec);
  if (plan) return plan;
  const lines: (LinuxLine & { pos: number })[] = [];
  for (const [i, f] of flatFields(spec).entries()) {
    if (f.linux) lines.push({ i, field: f, lo: 0, width: -1, gate: gateOf(f.linux, f), out: f.linux, pos: f.linux.order ?? lines.length });
    for (const b of f.bits ?? []) {
      if (b.linux)
        lines.push({
          i,
          field: f,
          lo: b.lo,
          width: b.width ?? 1,
          gate: gateOf(b.linux, f),
          out: b.linux,
          pos: b.linux.order ?? lines.length,
        });
    }
  }
  plan = lines.sort((a, b) => a.pos - b.pos);
  PLANS.set(spec, plan);
  return plan;
}

/** A 64-bit value as Linux prints it with %016llx after `0x`. */
export function x16(v: Value): string {
  return hex0x(intOf(v), 16);
}

/** A value as a non-negative integer (absent reads as 0, as the kernel's zeroed copy would). */
export function intOf(v: Value): bigint {
  return typeof v === 'bigint' ? v : typeof v === 'number' ? BigInt(v) : 0n;
}

/** Is bit `bit` of `vb` (a validation field's value) set? */
export function bitSet(vb: Value, bit: number): boolean {
  return typeof vb === 'bigint' ? ((vb >> BigInt(bit)) & 1n) === 1n : typeof vb === 'number' ? Math.floor(vb / 2 ** bit) % 2 === 1 : false;
}

/** cper_print_bits: names of the set bits, comma-separated, wrapped before 80 columns. */
function bitNameLines(pfx: string, bits: number, names: Readonly<Record<number, string>>): string[] {
  const set = Object.keys(names)
    .map(Number)
    .sort((a, b) => a - b)
    .filter((i) => Math.floor(bits / 2 ** i) % 2 === 1)
    .map((i) => names[i]);
  const lines: string[] = [];
  let line = '';
  for (const s of set) {
    const piece = line ? `, ${s}` : s;
    if (pfx.length + line.length + piece.length > 80 && line) {
      lines.push(pfx + line);
      line = s;
    } else line += piece;
  }
  if (line) lines.push(pfx + line);
  return lines;
}

function format(l: LinuxLine, raw: bigint, ctx: LinuxCtx): string[] {
  const { out } = l;
  const { p } = ctx;
  const value = l.width < 0 ? raw : (raw >> BigInt(l.lo)) & ((1n << BigInt(l.width)) - 1n);
  const hex = '0x' + value.toString(16).padStart(out.digits ?? 1, '0');
  switch (out.fmt ?? 'dec') {
    case 'hex':
      return [`${p}${out.name}: ${hex}`];
    case 'enum':
      return [`${p}${out.name}: ${value}, ${out.names?.[Number(value)] ?? 'unknown'}`];
    case 'bits':
      return [`${p}${out.name}: ${hex}`, ...bitNameLines(p, Number(value), out.names ?? {})];
    default:
      return [`${p}${out.name}: ${value}`];
  }
}

/** The declared kernel-text lines of `spec` for the values in `ctx`. */
export function linuxLines(spec: StructSpec, ctx: LinuxCtx): string[] {
  const out: string[] = [];
  for (const l of linuxPlan(spec)) {
    if (l.gate >= 0 && !ctx.valid(l.gate)) continue;
    if (l.out.lines) out.push(...l.out.lines(ctx));
    else out.push(...format(l, intOf(ctx.v[l.field.key]), ctx));
  }
  return out;
}
