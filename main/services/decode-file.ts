import '../evidence/native-inflate';
import { decodeStore, isStore } from '../../shared/store/decode';
import { decodeInput, sectionOnlyRecord } from '../../shared/input/index';
import { bufferSource } from '../../shared/store/source';
import type { DecodedInput } from '../../shared/report/inspect';
import { expert } from '../../shared/decode/expert';
import { EvidenceFile } from '../evidence/file';
import { pstoreInputOf } from '../pstore-files/read';

/** A non-store input is read whole; past this it is refused rather than allocated. */
const MAX_CPER_FILE = 256 * 1024 * 1024;
/** Stores larger than this keep only payload lengths in memory (payloads re-read on demand). */
export const KEEP_PAYLOADS_BELOW = 64 * 1024 * 1024;

export interface OpenedEvidence {
  file: EvidenceFile;
  input: DecodedInput;
  /** True when nothing in the file was recognised (exit 3 in the CLI). */
  unrecognised: boolean;
}

/**
 * Decodes an evidence file: an ERST backing store (detected by its magic) or CPER input
 * (records back to back, or the other CPER forms shared/input recognises).
 */
export function decodeFile(file: EvidenceFile): OpenedEvidence {
  // pstore files: the records rebuilt from them, each saying which file it came from.
  const pstore = pstoreInputOf(file);
  if (pstore) return { file, input: { ...pstore.input, source: file }, unrecognised: pstore.origins.length === 0 };
  if (isStore(file)) {
    const store = decodeStore(file, { keepPayloads: file.size < KEEP_PAYLOADS_BELOW });
    const records = store.slots
      .filter((s) => s.record)
      // A record in a truncated (unreadable) slot still counts as live when the map names it.
      .map((s) => ({ record: s.record!, slot: s.index, state: (s.mapId ? 'live' : 'cleared') as 'live' | 'cleared' }));
    const diagnostics = [...store.diagnostics, ...store.slots.flatMap((s) => s.diagnostics)];
    return { file, input: { store, source: file, records, diagnostics }, unrecognised: !store.geometry };
  }
  if (file.size > MAX_CPER_FILE) {
    const d = expert(
      'input.too-large',
      `${file.size} bytes is more than the ${MAX_CPER_FILE}-byte limit for CPER input (not an ERST store: no ERSTSTOR magic)`,
    );
    return { file, input: { records: [], diagnostics: [d] }, unrecognised: true };
  }
  const res = decodeInput(file.read(0, file.size).slice());
  return {
    file,
    input: {
      // Offsets of text inputs (hex, base64, kernel dumps) refer to the bytes decoded from them.
      source: bufferSource(res.bytes),
      form: res.form,
      // A section-only input is listed as a record (exports still write it as a section).
      records: (res.kind === 'section' ? res.sections.map((s) => sectionOnlyRecord(s, res.bytes.length)) : res.records).map((record) => ({
        record,
        slot: null,
        state: 'file' as const,
      })),
      sections: res.sections,
      diagnostics: res.diagnostics,
    },
    unrecognised: res.kind === 'unknown',
  };
}

export function openEvidence(path: string): OpenedEvidence {
  return decodeFile(new EvidenceFile(path));
}
