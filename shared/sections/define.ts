/**
 * Builds a SectionDecoder from one declaration: the StructSpec gives the field tree (with
 * spans and validity) and, through each field's `json`, the CPER-JSON; `extend` adds the
 * parts a fixed layout cannot say (arrays counted by earlier fields, variable tails).
 */
import type { ByteReader } from '../bytes/reader';
import type { SectionBody, SectionDecoder } from '../cper/section';
import { diag, type Diagnostic } from '../decode/diagnostics';
import type { FieldNode } from '../decode/node';
import type { StructSpec } from '../decode/spec';
import { decodeStruct, type Value } from '../decode/struct';
import { structJson } from '../export/cper-json/walk';
import type { JObj } from '../export/cper-json/serialize';

/** What a declared section leaves in `SectionBody.values` for the exporters. */
export interface SectionValues {
  /** libcper's section object: `{message?, <Key>: {...}}`. */
  json: JObj;
  /** Raw values of the fixed part, by field key. */
  v: Record<string, Value>;
  /** Decoded sub-structures (arrays etc.), per section type. */
  items?: Record<string, Value>[];
  contexts?: Record<string, Value>[];
}

export interface ExtendCtx {
  r: ByteReader;
  at: number;
  length: number;
  node: FieldNode;
  v: Record<string, Value>;
  /** The object under the section's JSON key. */
  json: JObj;
  values: SectionValues;
  diagnostics: Diagnostic[];
}

export interface StructSectionDef {
  guid: string;
  name: string;
  /** libcper's key for the section object (e.g. "Memory"). */
  jsonKey: string;
  spec: StructSpec;
  /** Bytes below which the section is reported as short (default: spec.size). */
  minLength?: number;
  message?: (v: Record<string, Value>, json: JObj) => string | undefined;
  summary?: (v: Record<string, Value>) => string;
  extend?: (ctx: ExtendCtx) => void;
}

export function structSection(def: StructSectionDef): SectionDecoder {
  return {
    guid: def.guid,
    name: def.name,
    decode(r, at, length): SectionBody {
      const diagnostics: Diagnostic[] = [];
      const s = decodeStruct(r, at, def.spec, at + length);
      const inner = structJson(r, at, def.spec, at + length);
      const need = def.minLength ?? def.spec.size;
      if (length < need) {
        diagnostics.push(diag('error', 'section.short', `${def.name} section is ${length} bytes; its layout needs ${need}; fields beyond byte ${length} are absent`, r.abs(at), length));
      }
      const json: JObj = {};
      const values: SectionValues = { json, v: s.v };
      if (def.extend) def.extend({ r, at, length, node: s.node, v: s.v, json: inner, values, diagnostics });
      const msg = def.message?.(s.v, inner);
      if (msg !== undefined) json.message = msg;
      json[def.jsonKey] = inner;
      s.node.length = Math.max(s.node.length, 0);
      return { node: s.node, diagnostics, values, summary: def.summary?.(s.v) ?? msg };
    },
  };
}

/** Names of set bits of a validation field, for the tree (`flags`). */
export function flagNames(names: readonly string[]): Record<number, string> {
  const o: Record<number, string> = {};
  names.forEach((n, i) => (o[i] = n));
  return o;
}
