import type { AppInfo, FileInfo, OpenProgress, RecentEntry, RecordsWindow } from '../../shared/contract/index';

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

/**
 * The boot state of the page, once (a later start asks main as usual); undefined where there is
 * none (the desktop app, a page from elsewhere) or it does not read as one.
 */
export function takeBoot(): Boot | undefined {
  if (taken) return undefined;
  taken = true;
  const text = globalThis.document?.querySelector('meta[name="erst-boot"]')?.getAttribute('content');
  if (!text) return undefined;
  try {
    const b = JSON.parse(text) as Boot;
    return b && typeof b === 'object' && b.app && Array.isArray(b.files) && Array.isArray(b.recent) && Array.isArray(b.progress)
      ? b
      : undefined;
  } catch {
    return undefined;
  }
}
