import { hex0x } from '../bytes/hex';
import type { ByteReader } from '../bytes/reader';
import { SECTION_DMESG, SECTION_DMESG_Z, SECTION_MCE } from '../cper/guids';
import type { PstoreInfo, SectionBody, SectionDecoder } from '../cper/section';
import type { Diagnostic } from '../decode/diagnostics';
import { expert } from '../decode/expert';
import type { FieldNode } from '../decode/node';
import { decodeStruct } from '../decode/struct';
import { dumpPartName, parseDumpHeader } from './header';
import { inflateWithinBudget } from './budget';
import { partMaxDistance } from './deflate-distance';
import { lineFacts } from './log-lines';
import { STRUCT_MCE } from './mce';

function textNodes(r: ByteReader, at: number, length: number, info: PstoreInfo, spansInSource: boolean): FieldNode[] {
  const nodes: FieldNode[] = [];
  const hdr = info.headerLength ?? 0;
  // Spans point into the source only when the text is stored as-is; inflated text has no
  // source bytes of its own, so its nodes cover the compressed stream.
  const span = (o: number, l: number) => (spansInSource ? { offset: r.abs(at + o), length: l } : { offset: r.abs(at), length });
  if (hdr) {
    nodes.push({
      key: 'dumpHeader',
      label: 'Dump header',
      ...span(0, hdr),
      type: 'ascii',
      text: JSON.stringify(dumpPartName(info.reason, info.count, info.part)),
      validity: 'valid',
    });
  }
  const textLen = info.textLength - hdr;
  nodes.push({
    key: 'log',
    label: 'Kernel log',
    ...span(hdr, textLen),
    type: 'ascii',
    text: `${textLen} bytes of log text`,
    validity: 'valid',
  });
  return nodes;
}

function dmesgInfo(text: Uint8Array, info: PstoreInfo, diagnostics: Diagnostic[], at: number): void {
  info.text = text;
  info.textLength = text.length;
  const h = parseDumpHeader(text);
  if (h) {
    info.reason = h.reason;
    info.count = h.count;
    info.part = h.part;
    info.headerLength = h.length;
    lineFacts(text, info);
  } else {
    diagnostics.push(expert('pstore.no-dump-header', 'dmesg payload does not start with a "Reason#N PartM" line', at));
  }
}

function summaryOf(info: PstoreInfo): string {
  const head = info.reason ? dumpPartName(info.reason, info.count, info.part) : 'dmesg';
  if (info.compressed && !info.decompressed) return `${head}: compressed, not decoded (${info.decompressError})`;
  return `${head}: ${info.textLength} bytes of kernel log${info.compressed ? ' (decompressed)' : ''}`;
}

/** A dmesg section's body: its node over the section's bytes, holding `children`. */
function dmesgBody(
  r: ByteReader,
  at: number,
  length: number,
  label: string,
  children: FieldNode[],
  info: PstoreInfo,
  diagnostics: Diagnostic[],
): SectionBody {
  const node: FieldNode = { key: 'dmesg', label, offset: r.abs(at), length, type: 'struct', text: '', validity: 'valid', children };
  return { node, diagnostics, pstore: info, summary: summaryOf(info) };
}

const DMESG: SectionDecoder = {
  guid: SECTION_DMESG,
  name: 'Linux pstore dmesg',
  decode(r, at, length): SectionBody {
    const diagnostics: Diagnostic[] = [];
    const info: PstoreInfo = { kind: 'dmesg', compressed: false, textLength: 0, storedLength: length };
    dmesgInfo(r.slice(at, length) ?? new Uint8Array(0), info, diagnostics, r.abs(at));
    return dmesgBody(r, at, length, 'pstore dmesg', textNodes(r, at, length, info, true), info, diagnostics);
  },
};

const DMESG_Z: SectionDecoder = {
  guid: SECTION_DMESG_Z,
  name: 'Linux pstore dmesg (compressed)',
  decode(r, at, length): SectionBody {
    const diagnostics: Diagnostic[] = [];
    const raw = r.slice(at, length) ?? new Uint8Array(0);
    // One budget per file: a stream named by many descriptors is inflated once, and all of a file's streams together stay bounded.
    const res = inflateWithinBudget(raw, r.abs(at));
    const info: PstoreInfo = {
      kind: 'dmesg',
      compressed: true,
      compression: res.format,
      decompressed: !!res.data,
      textLength: 0,
      storedLength: length,
    };
    if (res.format === 'deflate') info.maxDistance = res.memo ? res.memo.maxDistance : partMaxDistance(raw);
    const children: FieldNode[] = [
      {
        key: 'compressed',
        label: `Compressed stream (${res.format})`,
        offset: r.abs(at),
        length,
        type: 'bytes',
        text: `${length} bytes`,
        validity: 'valid',
      },
    ];
    if (res.data && res.memo) {
      // The same bytes named by another descriptor: reuse what was derived from them.
      Object.assign(info, res.memo.info);
      diagnostics.push(...res.memo.diagnostics);
      children.push(...textNodes(r, at, length, info, false));
    } else if (res.data) {
      dmesgInfo(res.data, info, diagnostics, r.abs(at));
      res.memo = { info: { ...info }, diagnostics: diagnostics.slice(), maxDistance: info.maxDistance };
      children.push(...textNodes(r, at, length, info, false));
    } else {
      // As the kernel does (.enc.z), keep the compressed bytes as the payload.
      info.decompressError = res.error;
      info.text = raw;
      info.textLength = raw.length;
      if (res.budgetSpent) diagnostics.push(expert('pstore.inflate-budget', `compressed dmesg ${res.error}`, r.abs(at), length));
      else diagnostics.push(expert('pstore.decompress-failed', `compressed dmesg could not be decoded: ${res.error}`, r.abs(at), length));
    }
    return dmesgBody(r, at, length, 'pstore dmesg (compressed)', children, info, diagnostics);
  },
};

const MCE: SectionDecoder = {
  guid: SECTION_MCE,
  name: 'Linux x86 machine check (struct mce)',
  decode(r, at, length): SectionBody {
    const diagnostics: Diagnostic[] = [];
    const s = decodeStruct(r, at, STRUCT_MCE, at + length);
    if (!s.complete) {
      const known = [88, 104, 112, 120, 128];
      const level = known.includes(length) ? 'info' : 'warning';
      diagnostics.push(
        expert('mce.short', `struct mce is ${length} bytes (128 on Linux 6.x); later fields are absent`, r.abs(at), length, level),
      );
    }
    const v = s.v;
    const summary =
      v.status !== undefined
        ? `MCE bank ${v.bank ?? '?'} status ${hex0x(v.status, 16)}${v.addr ? ` addr ${hex0x(v.addr)}` : ''}`
        : 'MCE (truncated)';
    return {
      node: s.node,
      diagnostics,
      summary,
      pstore: { kind: 'mce', compressed: false, text: r.slice(at, length), textLength: length },
    };
  },
};

export const PSTORE_SECTIONS: readonly SectionDecoder[] = [DMESG, DMESG_Z, MCE];
