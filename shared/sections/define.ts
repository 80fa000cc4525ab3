/**
 * Builds a SectionDecoder from one declaration: the StructSpec gives the field tree (with
 * spans and validity) and, through each field's `json`, the CPER-JSON; `extend` adds the
 * parts a fixed layout cannot say (arrays counted by earlier fields, variable tails).
 */
import type { ByteReader } from '../bytes/reader';
import type { SectionBody, SectionDecoder } from '../cper/section';
import type { Diagnostic } from '../decode/diagnostics';
import { expert } from '../decode/expert';
import type { FieldNode } from '../decode/node';
import type { LinuxCtx, StructSpec } from '../decode/spec';
import { bitSet, linuxLines } from '../decode/linux-plan';
import type { ValuesOf } from '../decode/fields';
import { decodeStruct, type Value } from '../decode/struct';
import { readPlan, structPlan, writePlanMembers, type StructPlan } from '../decode/json-plan';
import { keyBytes, type JsonText } from '../decode/json-text';

/** What a declared section leaves in `SectionBody.values` for the exporters. */
export interface SectionValues {
  /** Raw values of the fixed part, by field key. */
  v: Record<string, Value>;
  /** Decoded sub-structures (arrays etc.), per section type. */
  items?: Record<string, Value>[];
  contexts?: Record<string, Value>[];
}

export interface ExtendCtx<S extends StructSpec = StructSpec> {
  r: ByteReader;
  at: number;
  length: number;
  node: FieldNode;
  v: ValuesOf<S>;
  values: SectionValues;
  diagnostics: Diagnostic[];
}

/** The section's bytes, for messages and JSON hooks: `b[at, at+length)`. */
export interface BodyBytes {
  b: Uint8Array;
  at: number;
  length: number;
}

/** A JSON hook's view: the bytes, and the fixed part's plan after reading them. */
export interface JsonCtx extends BodyBytes {
  end: number;
  p: StructPlan;
}

/**
 * Writes a section's CPER-JSON object (`{message?, <Key>: {...}}`) from its bytes. `length`
 * is what is present of the body.
 */
export type SectionJsonWriter = (w: JsonText, b: Uint8Array, at: number, length: number) => void;

/** What the kernel-text writer gives a section: its values, and its bytes as far as they are present. */
export interface LinuxSection {
  values: SectionValues;
  length: number;
  bytes(off: number, len: number): Uint8Array | undefined;
}

/** A section type's kernel text (Linux cper*.c): the `section_type:` name and the section's lines. */
export interface SectionLinux {
  name: string;
  /** The lines after `section_type:`; undefined when Linux finds the section too small. */
  lines(pfx: string, sec: LinuxSection): string[] | undefined;
}

/** A section decoder that can also write its CPER-JSON and kernel text. */
export interface JsonSectionDecoder extends SectionDecoder {
  /** libcper's `sectionType.type` name; absent: libcper does not know the type ("Unknown"). */
  libcperName?: string;
  /** The fixed part's declaration, when the section is declared with `structSection`. */
  spec?: StructSpec;
  json?: SectionJsonWriter;
  linux?: SectionLinux;
  /** Linux's `section_type:` name, when its kernel text is declared. */
  linuxName?: string;
}

/** A declaration's kernel text: the lines come from the fields' `linux` outputs, then `tail`. */
export interface SectionLinuxDef {
  name: string;
  /** Below this declared length Linux prints "error section length is too small" instead. */
  minLength?: number;
  /** Lines after the declared ones: arrays, hex dumps. */
  tail?: (ctx: LinuxCtx) => string[];
}

export interface StructSectionDef<S extends StructSpec = StructSpec> {
  guid: string;
  name: string;
  /**
   * libcper's key for the section object (e.g. "Memory"); `null`: the tree is declared but the
   * JSON stays libcper's raw `{"Unknown": {"data": …}}` until libcper's shape can be checked.
   */
  jsonKey: string | null;
  /** libcper's `sectionType.type` name for this GUID; absent: libcper does not know it ("Unknown"). */
  libcperName?: string;
  spec: S;
  /** Bytes below which the section is reported as short (default: spec.size). */
  minLength?: number;
  /** libcper's `message` (also the summary line unless `summary` is given). */
  message?: (v: ValuesOf<S>, body: BodyBytes) => string | undefined;
  summary?: (v: ValuesOf<S>) => string;
  /** Tree, values and diagnostics beyond the fixed layout. */
  extend?: (ctx: ExtendCtx<S>) => void;
  /** CPER-JSON members beyond the fixed layout, written after the declared ones. */
  json?: (w: JsonText, ctx: JsonCtx) => void;
  /** Kernel text; absent: Linux prints the section as an unknown type with a hex dump. */
  linux?: SectionLinuxDef;
}

/** The kernel text of a declaration: its fields' `linux` lines, then the hook's. */
function declaredLinux(spec: StructSpec, def: SectionLinuxDef): SectionLinux {
  return {
    name: def.name,
    lines(p, sec) {
      if (def.minLength !== undefined && sec.length < def.minLength) return undefined;
      const v = sec.values.v;
      const ctx: LinuxCtx = {
        p,
        v,
        items: sec.values.items ?? [],
        contexts: sec.values.contexts ?? [],
        length: sec.length,
        bytes: sec.bytes,
        valid: (bit) => spec.validation !== undefined && bitSet(v[spec.validation], bit),
      };
      const lines = linuxLines(spec, ctx);
      if (def.tail) lines.push(...def.tail(ctx));
      return lines;
    },
  };
}

const K_MESSAGE = keyBytes('message');

export function structSection<S extends StructSpec>(def: StructSectionDef<S>): JsonSectionDecoder {
  const key = def.jsonKey === null ? undefined : keyBytes(def.jsonKey);
  const decoder: JsonSectionDecoder = {
    guid: def.guid,
    name: def.name,
    libcperName: def.libcperName,
    spec: def.spec,
    decode(r, at, length): SectionBody {
      const diagnostics: Diagnostic[] = [];
      const s = decodeStruct(r, at, def.spec, at + length);
      const need = def.minLength ?? def.spec.size;
      if (length < need) {
        diagnostics.push(
          expert(
            'section.short',
            `${def.name} section is ${length} bytes; its layout needs ${need}; fields beyond byte ${length} are absent`,
            r.abs(at),
            length,
          ),
        );
      }
      const values: SectionValues = { v: s.v };
      if (def.extend) def.extend({ r, at, length, node: s.node, v: s.v, values, diagnostics });
      const msg = def.message?.(s.v, { b: r.bytes, at, length });
      s.node.length = Math.max(s.node.length, 0);
      return { node: s.node, diagnostics, values, summary: def.summary?.(s.v) ?? msg };
    },
  };
  if (def.linux) {
    decoder.linux = declaredLinux(def.spec, def.linux);
    decoder.linuxName = def.linux.name;
  }
  if (key) {
    decoder.json = (w, b, at, length) => {
      const end = Math.min(b.length, at + length);
      const p = readPlan(structPlan(def.spec), b, at, end);
      w.open();
      const msg = def.message?.(p.view as ValuesOf<S>, { b, at, length: end - at });
      if (msg !== undefined) {
        w.key(K_MESSAGE);
        w.str(msg);
      }
      w.key(key);
      w.open();
      writePlanMembers(w, p);
      if (def.json) def.json(w, { b, at, length: end - at, end, p });
      w.close();
      w.close();
    };
  }
  return decoder;
}

/** Names of set bits of a validation field, for the tree (`flags`). */
export function flagNames(names: readonly string[]): Record<number, string> {
  const o: Record<number, string> = {};
  names.forEach((n, i) => (o[i] = n));
  return o;
}
