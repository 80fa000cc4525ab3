import { BOOT_ELEMENTS, type BootState } from '../../shared/contract/index';

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
export function bootOf(doc: Document): BootState | undefined {
  const b = parse(doc.querySelector(`meta[name="${BOOT_ELEMENTS.meta}"]`)?.getAttribute('content')) as BootState | undefined;
  if (!b || typeof b !== 'object' || !b.app || !Array.isArray(b.files) || !Array.isArray(b.recent) || !Array.isArray(b.progress))
    return undefined;
  const rows = parse(doc.getElementById(BOOT_ELEMENTS.firstRows)?.textContent) as BootState['records'];
  if (rows && typeof rows.fileId === 'string' && Array.isArray(rows.window?.rows)) b.records = rows;
  return b;
}

/**
 * The boot state of the page, once (a later start asks main as usual); undefined where there is
 * none (the desktop app, a page from elsewhere).
 */
export function takeBoot(): BootState | undefined {
  if (taken) return undefined;
  taken = true;
  return globalThis.document ? bootOf(globalThis.document) : undefined;
}
