import { SECTION_DMESG, SECTION_DMESG_Z, SECTION_MCE } from '../cper/guids';
import { encodeRecord } from '../cper/encode';
import { decodeRecord, type DecodedRecord } from '../cper/record';
import type { Diagnostic } from '../decode/diagnostics';
import { expert } from '../decode/expert';
import type { DecodedInput } from '../report/inspect';
import { parsePstoreFileName, type PstoreFileName } from './names';
import { splitDmesgTxt } from './systemd';

/** A file found in a pstore folder (or given alone), with where it was found. */
export interface PstoreFileInput {
  /** Path as shown to people (relative to the folder given, or as given). */
  name: string;
  bytes: Uint8Array;
}

export interface PstoreFilesResult {
  input: DecodedInput;
  /** The bytes the records were rebuilt into (what offsets in the input refer to). */
  bytes: Uint8Array<ArrayBuffer>;
  /** Which file each record came from, in record order. */
  origins: { file: string; recordId: string; kind: 'dmesg' | 'mce'; encZ: boolean; offset: number }[];
  /** Files that were not pstore files and were left out. */
  skipped: string[];
}

const baseName = (p: string) => p.slice(p.lastIndexOf('/') + 1);

/**
 * Rebuilds pstore files (a copy of /sys/fs/pstore, a systemd-pstore archive, single files)
 * into the records the rest of the viewer reads: each file becomes one CPER record with the id
 * from its name and its content as the section body (DMESG for text, DMESG_Z for `.enc.z`,
 * MCE for mce files), so dumps are reassembled, their missing parts named and `.enc.z`
 * inflated by the same code as for a backing file. Only the id and the payload are evidence:
 * the rebuilt header says no more than the file name did (no timestamp, fixed creator).
 * A dmesg.txt from systemd-pstore adds the files it holds that are not present as files.
 */
export function buildPstoreFiles(files: readonly PstoreFileInput[]): PstoreFilesResult {
  const diagnostics: Diagnostic[] = [];
  const skipped: string[] = [];
  const entries: { file: string; parsed: PstoreFileName; content: Uint8Array }[] = [];
  const seen = new Map<string, string>();
  const txts: PstoreFileInput[] = [];
  for (const f of files) {
    const base = baseName(f.name);
    if (base === 'dmesg.txt') {
      txts.push(f);
      continue;
    }
    const parsed = parsePstoreFileName(base);
    if (!parsed) {
      skipped.push(f.name);
      continue;
    }
    if (parsed.backend !== 'erst') {
      diagnostics.push(
        expert(
          'pstore-files.backend',
          `${f.name}: written by the ${parsed.backend} backend; its id is read as an ERST id (boot = high 32 bits), which may not hold`,
        ),
      );
    }
    const key = `${parsed.kind}/${parsed.recordId}`;
    if (seen.has(key)) {
      diagnostics.push(
        expert(
          'pstore-files.duplicate',
          `${f.name}: record ${parsed.recordId} was already read from ${seen.get(key)}; this copy is left out`,
        ),
      );
      continue;
    }
    seen.set(key, f.name);
    entries.push({ file: f.name, parsed, content: f.bytes });
  }
  for (const t of txts) {
    const parts = splitDmesgTxt(t.bytes);
    if (!parts.length)
      diagnostics.push(
        expert('pstore-files.dmesg-txt', `${t.name}: no "dmesg-erst-<id>:" line in it, so not a systemd-pstore dmesg.txt; left out`),
      );
    for (const p of parts) {
      const key = `${p.parsed.kind}/${p.parsed.recordId}`;
      if (seen.has(key)) continue;
      seen.set(key, `${t.name}`);
      entries.push({ file: `${t.name} (${p.name} at byte ${p.offset})`, parsed: p.parsed, content: p.content });
      diagnostics.push(expert('pstore-files.from-dmesg-txt', `${p.name} is not present as a file; its text was taken from ${t.name}`));
    }
  }
  // Record-id order, as the kernel lists them; dumps then come out in the same order as from a store.
  entries.sort((a, b) =>
    BigInt(a.parsed.recordId) < BigInt(b.parsed.recordId)
      ? -1
      : BigInt(a.parsed.recordId) > BigInt(b.parsed.recordId)
        ? 1
        : a.parsed.kind < b.parsed.kind
          ? -1
          : 1,
  );
  const encoded = entries.map((e) =>
    encodeRecord({
      recordId: BigInt(e.parsed.recordId),
      validationBits: 0,
      sections: [{ type: e.parsed.kind === 'mce' ? SECTION_MCE : e.parsed.encZ ? SECTION_DMESG_Z : SECTION_DMESG, body: e.content }],
    }),
  );
  const bytes = new Uint8Array(encoded.reduce((s, b) => s + b.length, 0));
  const records: DecodedInput['records'] = [];
  const origins: PstoreFilesResult['origins'] = [];
  let at = 0;
  encoded.forEach((b, i) => {
    bytes.set(b, at);
    const rec: DecodedRecord = decodeRecord(bytes, at, { maxLength: b.length });
    const e = entries[i];
    rec.diagnostics.unshift(
      expert(
        'pstore-files.origin',
        `rebuilt from ${e.file} (${e.content.length} bytes); record id from the file name, the header is not evidence`,
        at,
        b.length,
      ),
    );
    records.push({ record: rec, slot: null, state: 'file' });
    origins.push({ file: e.file, recordId: e.parsed.recordId, kind: e.parsed.kind, encZ: e.parsed.encZ, offset: at });
    at += b.length;
  });
  if (!entries.length)
    diagnostics.push(
      expert(
        'pstore-files.none',
        'no pstore file (dmesg-erst-<id>, dmesg-erst-<id>.enc.z, mce-erst-<id>) and no systemd-pstore dmesg.txt found',
      ),
    );
  return { input: { records, diagnostics }, bytes, origins, skipped };
}
