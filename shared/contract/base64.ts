/**
 * Bytes cross every transport as base64 strings, so the one contract is plain JSON (the serve
 * transport) and structured-clone (IPC) alike. The contract accepts only what it writes.
 */
export { toBase64, fromBase64Strict as fromBase64 } from '../bytes/base64';
