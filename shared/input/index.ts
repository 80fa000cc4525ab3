import { decodeRecords, type RecordsInput } from './records';

export { decodeRecords, type RecordsInput };

/** Entry point for any non-store input. Extended as more CPER input forms are recognised. */
export function decodeInput(bytes: Uint8Array): RecordsInput {
  return decodeRecords(bytes);
}
