/**
 * CPER-JSON export (libcper's conventions), written from the records' bytes (see stream.ts
 * and record.ts), so a record decoded with field trees, a lean one and raw bytes give the
 * same text.
 */
export { bufferReader, type ReadBytes } from './record';
export { cperJsonBytes, cperJsonText, cperJsonTextOf } from './stream';
