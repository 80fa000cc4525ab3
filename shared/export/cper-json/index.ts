/**
 * CPER-JSON export (libcper's conventions), written from the records' bytes (see stream.ts
 * and record.ts), so a record decoded with field trees, a lean one and raw bytes give the
 * same text.
 */
export { bufferReader, writeRecordJson, writeSectionOnlyJson, type ReadBytes } from './record';
export { JsonText } from '../../decode/json-text';
export { toBase64, fromBase64 } from '../../bytes/base64';
export { CperJsonStream, cperJsonBytes, cperJsonText, cperJsonBytesOf, cperJsonTextOf, eachRecordIn } from './stream';
