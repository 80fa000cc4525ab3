/**
 * A batch of records as the items of the CPER-JSON array, written from their bytes: the same
 * text CperJsonStream writes for them, so batches written on different threads and joined
 * in order give the document a single writer gives.
 */
import { JsonText } from '../../shared/decode/json-text';
import { writeRecordJson } from '../../shared/export/cper-json/record';

/** Room a batch's text starts with (it grows when a batch needs more). */
export const TEXT_BYTES = 4 << 20;

/** Where a thread writes its batches: one writer per indent, its buffer handed on or reused. */
const writers = new Map<number, JsonText>();

/**
 * Records laid out in `b`: record i starts at spans[2i] with spans[2i+1] bytes present.
 * The text starts with `[` for the document's first batch and `,` for any later one, then
 * each record as an array item at depth 1 (newline and indent before it, commas between).
 * It lies in the returned writer's buffer until that writer's next batch.
 */
export function batchJson(b: Uint8Array, spans: Uint32Array, count: number, first: boolean, indent: number): JsonText {
  let w = writers.get(indent);
  if (!w) writers.set(indent, (w = new JsonText(indent, TEXT_BYTES)));
  w.reset({ pos: 0, depth: 0, first: true, firsts: 0, npending: 0 });
  w.openArray();
  for (let i = 0; i < count; i++) {
    w.item();
    writeRecordJson(w, b, spans[2 * i], spans[2 * i + 1]);
  }
  if (!first) w.buf[0] = 0x2c;
  return w;
}
