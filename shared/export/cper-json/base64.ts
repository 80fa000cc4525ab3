/** Base64 lives in bytes/base64.ts; this path is kept for older imports. */
export { toBase64, fromBase64 } from '../../bytes/base64';
