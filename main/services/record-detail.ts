import type { DumpView, RecordDetail } from '../../shared/contract/index';
import { toBase64 } from '../../shared/contract/index';
import type { FieldNode } from '../../shared/decode/node';
import { dumpFileName } from '../../shared/pstore/dump';
import { dumpsOf, dumpSummary, recordSummary } from '../../shared/report/inspect';
import { dumpText, fullRecord } from './payloads';
import { ContractError } from '../../shared/contract/index';
import type { OpenFile } from './file-registry';

/**
 * One record as the detail view needs it: one field tree (header, then each section's
 * descriptor and body) with absolute offsets, and the span the hex pane should show.
 */
export function recordDetail(f: OpenFile, index: number): RecordDetail {
  const e = f.ev.input.records[index];
  if (!e) throw new ContractError('not-found', `record ${index} does not exist (file has ${f.ev.input.records.length})`);
  const r = fullRecord(f.ev.input, e.record);
  const sections: FieldNode[] = r.sections.map((s) => ({
    key: `section${s.index}`,
    label: `Section ${s.index}: ${s.name}`,
    offset: s.descriptor.offset,
    length: s.descriptor.length,
    type: 'struct',
    text: s.summary ?? s.name,
    validity: 'valid',
    children: [s.descriptor, ...(s.body ? [s.body] : [])],
  }));
  const tree: FieldNode = {
    key: 'record',
    label: `Record ${r.recordIdHex ?? index}`,
    offset: r.offset,
    length: r.length,
    type: 'struct',
    text: r.severityName,
    validity: r.signatureOk ? 'valid' : 'invalid',
    children: [r.header, ...sections],
  };
  const rs = f.ev.input.store?.geometry?.recordSize;
  const span = e.slot !== null && rs ? { offset: e.slot * rs, length: rs } : { offset: r.offset, length: Math.max(r.length, 1) };
  return { summary: recordSummary(index, e, false), tree, span };
}

const dec = new TextDecoder('utf-8');

export function dumpViews(f: OpenFile, recovered: boolean): DumpView[] {
  return dumpsOf(f.ev.input, recovered).map((d) => {
    const text = dumpText(f.ev.input, d);
    return { ...dumpSummary(d), fileName: dumpFileName(d), text: dec.decode(text), base64: toBase64(text) };
  });
}
