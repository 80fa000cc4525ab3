import {
  BOOT_ELEMENTS,
  type AppInfo,
  type FileInfo,
  type OpenProgress,
  type RecentEntry,
  type RecordsWindow,
} from '../../shared/contract/index';

/** What serve mode puts in the page it serves (main/serve/boot-page.ts): the first answers, without asking. */
export interface Boot {
  app: AppInfo;
  files: FileInfo[];
  recent: RecentEntry[];
  progress: OpenProgress[];
  /** The first file's first rows (FIRST_ROWS_QUERY), when it was indexed before the page was served. */
  records?: { fileId: string; window: RecordsWindow };
}

let taken = false;

const parse = (text: string | null | undefined): unknown => {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/** The boot state a page holds (its meta element, and the first rows' data block); undefined when it holds none that reads as one. */
export function bootOf(doc: Document): Boot | undefined {
  const b = parse(doc.querySelector(`meta[name="${BOOT_ELEMENTS.meta}"]`)?.getAttribute('content')) as Boot | undefined;
  if (!b || typeof b !== 'object' || !b.app || !Array.isArray(b.files) || !Array.isArray(b.recent) || !Array.isArray(b.progress))
    return undefined;
  const rows = parse(doc.getElementById(BOOT_ELEMENTS.firstRows)?.textContent) as Boot['records'];
  if (rows && typeof rows.fileId === 'string' && Array.isArray(rows.window?.rows)) b.records = rows;
  return b;
}

/**
 * The boot state of the page, once (a later start asks main as usual); undefined where there is
 * none (the desktop app, a page from elsewhere).
 */
export function takeBoot(): Boot | undefined {
  if (taken) return undefined;
  taken = true;
  return globalThis.document ? bootOf(globalThis.document) : undefined;
}
