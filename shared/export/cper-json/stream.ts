/**
 * Bulk CPER-JSON: bytes in, text out, records never kept. Each record is decoded lean (values
 * and its sections' libcper-shaped objects straight from the declarations, no field trees),
 * turned into its JSON object, and written in batches by the engine's JSON writer; a batch's
 * objects are garbage as soon as its text exists. The text equals `cperJsonText` of the
 * records decoded with trees (tests/export/lean.test.ts).
 */
import { looksLikeRecord } from '../../cper/record';
import { decodeInput } from '../../input/index';
import { walkRecords } from '../../input/records';
import { cperJsonText } from './index';
import { bufferReader, recordJson } from './record';
import { stringifyJson, withNativeJson, type JObj, type JsonWriter } from './serialize';

const BATCH = 1024;

export function cperJsonTextOf(bytes: Uint8Array, indent = 0): string {
  if (!looksLikeRecord(bytes, 0)) {
    const res = decodeInput(bytes, { lean: true });
    return cperJsonText(res.records, bufferReader(res.bytes), res.sections, indent);
  }
  const read = bufferReader(bytes);
  const run = (write: JsonWriter): string => {
    const parts: string[] = [];
    let batch: JObj[] = [];
    let count = 0;
    let only: JObj | undefined;
    const flush = () => {
      if (!batch.length) return;
      const text = write(batch, indent);
      // Drop the batch's own brackets (and, pretty, the newline after "[" and before "]").
      parts.push(indent > 0 ? text.slice(2, -2) : text.slice(1, -1));
      batch = [];
    };
    walkRecords(bytes, 0, { lean: true }, (rec) => {
      const o = recordJson(rec, read);
      if (++count === 1) only = o;
      batch.push(o);
      if (batch.length === BATCH) flush();
    });
    if (count === 1) return write(only!, indent) + '\n';
    flush();
    if (count === 0) return '[]\n';
    return indent > 0 ? '[\n' + parts.join(',\n') + '\n]\n' : '[' + parts.join(',') + ']\n';
  };
  return withNativeJson(run) ?? run((v, i) => stringifyJson(v, i));
}
