import type { ByteReader } from '../bytes/reader';
import { toHex } from '../bytes/hex';
import type { SectionBody } from '../cper/section';

/** Any section we have no declaration for: its bytes, named by GUID, nothing hidden. */
export function rawBody(r: ByteReader, at: number, length: number, label: string): SectionBody {
  const b = r.slice(at, length) ?? new Uint8Array(0);
  return {
    node: {
      key: 'data',
      label,
      offset: r.abs(at),
      length,
      type: 'bytes',
      raw: length <= 64 ? toHex(b) : undefined,
      text: `${length} bytes`,
      validity: 'valid',
    },
    diagnostics: [],
  };
}
