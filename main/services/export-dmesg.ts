import { join } from 'node:path';
import { CREATOR_PSTORE } from '../../shared/cper/guids';
import { pstoreFileName } from '../../shared/pstore/names';
import { dumpFileName } from '../../shared/pstore/dump';
import { dumpsOf, type DecodedInput } from '../../shared/report/inspect';
import { dumpText, payloadOf } from './payloads';
import { openOutputDir, type OutputPolicy } from '../output/index';

export interface ExportedFile {
  path: string;
  bytes: number;
  recordId?: string;
}

/**
 * Writes the pstore view of the records: one file per record, named and filled exactly as
 * Linux shows it in /sys/fs/pstore, and one stitched file per dump under `dumps/`.
 * Cleared records go under `recovered/` when asked for; Linux would never show them.
 */
export function exportDmesg(input: DecodedInput, dir: string, opts: { recovered?: boolean; policy?: OutputPolicy } = {}): ExportedFile[] {
  const written: ExportedFile[] = [];
  // Exports started from the app write where the user chose (it asked before replacing).
  const out = openOutputDir(dir, opts.policy ?? { evidence: [], force: true });
  const write = (sub: string, name: string, data: Uint8Array, recordId?: string) => {
    const rel = sub ? `${sub.split('\\').join('/')}/${name}` : name;
    out.writeFile(rel, data);
    written.push({ path: join(dir, rel), bytes: data.length, recordId });
  };
  for (const { record, state } of input.records) {
    if (state === 'cleared' && !opts.recovered) continue;
    // erst_read_record() skips records of any other creator: they never reach pstore.
    if (record.creatorId !== CREATOR_PSTORE || !record.recordId) continue;
    const p = record.sections[0]?.pstore;
    if (!p) continue;
    const text = p.text ?? payloadOf(input, record.recordId);
    if (text) write(state === 'cleared' ? 'recovered' : '', pstoreFileName(record.recordId, p), text, record.recordId);
  }
  for (const d of dumpsOf(input, false)) write('dumps', dumpFileName(d), dumpText(input, d));
  if (opts.recovered) {
    for (const d of dumpsOf(input, true)) {
      if (d.parts.some((p) => p.state === 'cleared')) write(join('recovered', 'dumps'), dumpFileName(d), dumpText(input, d));
    }
  }
  return written;
}
