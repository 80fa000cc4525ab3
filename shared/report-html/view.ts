import type { Diagnostic } from '../decode/diagnostics';
import type { DumpSummary, InspectReport, RecordSummary } from '../report/inspect';

/** Past this many records the table stops (the CSV has every one). */
export const MAX_RECORD_ROWS = 10_000;
/** A large input keeps this many hardware errors for the timeline (the CSV has every record). */
export const MAX_HW_ERRORS = 10_000;
/** Past this many slots the slot map is summarised by state instead of drawn cell by cell. */
export const MAX_SLOT_CELLS = 4096;

/** A diagnostic with where it was found ("file", "record 0x… (slot 3)"). */
export interface PlacedDiagnostic {
  where: string;
  d: Diagnostic;
}

/** A dump as its block in the report shows it; text lengths are null when its parts were not inflated. */
export type ReportDump = Omit<DumpSummary, 'textLength' | 'parts'> & {
  textLength: number | null;
  parts: (Omit<DumpSummary['parts'][number], 'textLength'> & { textLength: number | null })[];
};

/**
 * One input as the report draws it: counts, the first rows of the records table, the slot map
 * and the dumps, whether they come from a whole decoded report or from a large store read as it
 * streamed (records and dumps are then never all in memory at once).
 */
export interface FileView {
  name: string;
  source: { size: number; sha256: string };
  format: InspectReport['format'];
  inputForm?: InspectReport['inputForm'];
  /** Every record comes from pstore files (a pstore folder or file). */
  fromPstoreFiles: boolean;
  counts: { records: number; live: number; cleared: number; hw: number; errors: number; warnings: number; incomplete: number };
  /** Hardware errors left out of the timeline (past the first ones a large input keeps). */
  hwLeftOut?: number;
  /** Dumps whose gaps were not looked for (their compressed parts were not inflated). */
  unmeasuredDumps?: number;
  /** The first MAX_RECORD_ROWS records, in order. */
  firstRecords: readonly RecordSummary[];
  store?: {
    geometry: Pick<
      NonNullable<InspectReport['store']>,
      'recordSize' | 'storageOffset' | 'headerSlots' | 'version' | 'recordCount' | 'slotCount' | 'capacity'
    >;
    /** Slots by state, in the order each state is first met. */
    states: [string, number][];
    slots: number;
    /** Every slot, when there are at most MAX_SLOT_CELLS of them. */
    cells?: readonly { index: number; offset: number; state: string; recordId: string | null; mapId: string | null }[];
  };
  dumpCount: number;
  /** Each dump with its stitched text (null when not kept), in order; called once per pass. */
  dumps(): Iterable<{ dump: ReportDump; text: string | null }>;
  /** Diagnostics shown, errors first, then warnings, then the rest (each in file order). */
  diagnostics: readonly PlacedDiagnostic[];
  /** How many more diagnostics there were than are listed. */
  diagnosticsLeftOut: number;
  /** Said under the file's heading (how a large store was read). */
  note?: string;
  /** Why a dump's text is absent, when it is. */
  noTextReason?: string;
}

/** Where a record's diagnostics are said to be. */
export function recordPlace(rec: Pick<RecordSummary, 'recordIdHex' | 'index' | 'slot'>): string {
  return `record ${rec.recordIdHex ?? rec.index}${rec.slot !== null ? ` (slot ${rec.slot})` : ''}`;
}

const LEVEL_ORDER: Record<string, number> = { error: 0, warning: 1, info: 2 };

/** Kept in the diagnostics table: every one but the note each pstore-file record carries. */
export const shownDiagnostic = (d: Diagnostic) => d.level !== 'info' || !d.code.startsWith('pstore-files.origin');

/** Errors first, then warnings, then the rest; file order within each level. */
export function byLevel(all: PlacedDiagnostic[]): PlacedDiagnostic[] {
  return all.sort((a, b) => (LEVEL_ORDER[a.d.level] ?? 3) - (LEVEL_ORDER[b.d.level] ?? 3));
}

/** The view of a whole decoded report. */
export function wholeFileView(name: string, r: InspectReport, dumpTexts: readonly (string | null)[]): FileView {
  const all: PlacedDiagnostic[] = r.diagnostics.map((d) => ({ where: 'file', d }));
  for (const rec of r.records) for (const d of rec.diagnostics) all.push({ where: recordPlace(rec), d });
  let states: [string, number][] = [];
  if (r.store) {
    const m = new Map<string, number>();
    for (const sl of r.store.slots) m.set(sl.state, (m.get(sl.state) ?? 0) + 1);
    states = [...m];
  }
  const s = r.store;
  return {
    name,
    source: r.source,
    format: r.format,
    inputForm: r.inputForm,
    fromPstoreFiles: r.records.length > 0 && r.records.every((x) => x.diagnostics.some((d) => d.code === 'pstore-files.origin')),
    counts: {
      records: r.records.length,
      live: r.records.filter((x) => x.state !== 'cleared').length,
      cleared: r.records.filter((x) => x.state === 'cleared').length,
      hw: r.records.filter((x) => !x.pstore).length,
      errors: all.filter((x) => x.d.level === 'error').length,
      warnings: all.filter((x) => x.d.level === 'warning').length,
      incomplete: r.dumps.filter((d) => d.missingParts.length || d.gaps?.length).length,
    },
    firstRecords: r.records.length > MAX_RECORD_ROWS ? r.records.slice(0, MAX_RECORD_ROWS) : r.records,
    store: s && {
      geometry: s,
      states,
      slots: s.slots.length,
      cells: s.slots.length > MAX_SLOT_CELLS ? undefined : s.slots,
    },
    dumpCount: r.dumps.length,
    dumps: () => r.dumps.map((dump, i) => ({ dump, text: dumpTexts[i] ?? null })),
    diagnostics: byLevel(all.filter((x) => shownDiagnostic(x.d))),
    diagnosticsLeftOut: 0,
  };
}
