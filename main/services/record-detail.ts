import type { RecordDetail } from '../../shared/contract/index';
import type { FieldNode } from '../../shared/decode/node';
import { recordSummary, type DecodedInput } from '../../shared/report/inspect';
import { fullRecord } from './payloads';
import { ContractError } from '../../shared/contract/index';
import type { OpenedEvidence } from './decode-file';

const dec = new TextDecoder('utf-8');

/**
 * One record as the detail view needs it: one field tree (header, then each section's
 * descriptor and body) with absolute offsets, the span the hex pane should show, and for a
 * pstore record its decoded (decompressed) text.
 */
export function recordDetail(ev: OpenedEvidence, index: number): RecordDetail {
  const e = ev.input.records[index];
  if (!e) throw new ContractError('not-found', `record ${index} does not exist (file has ${ev.input.records.length})`);
  return recordDetailOf({ ...e, record: fullRecord(ev.input, e.record) }, index, ev.input.store?.geometry?.recordSize);
}

/** The detail of one record decoded with its field trees, wherever it came from. */
export function recordDetailOf(e: DecodedInput['records'][number], index: number, rs: number | undefined): RecordDetail {
  const r = e.record;
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
  const span = e.slot !== null && rs ? { offset: e.slot * rs, length: rs } : { offset: r.offset, length: Math.max(r.length, 1) };
  const out: RecordDetail = { summary: recordSummary(index, e, false), tree, span };
  const p = r.sections.find((s) => s.pstore)?.pstore;
  if (p?.text) out.pstoreText = { text: dec.decode(p.text), compressed: p.compressed };
  else if (p?.compressed && !p.decompressed)
    out.pstoreText = { text: '', compressed: true, error: p.decompressError ?? 'could not be decompressed' };
  return out;
}
