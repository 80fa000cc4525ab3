import { createHash } from 'node:crypto';
import { BOOT_ELEMENTS, type BootState, type RecordsWindow } from '../../shared/contract/index';

/**
 * A file's first rows (the records table's first page, FIRST_ROWS_QUERY: final, or those a
 * store's index pass has found so far) as a data block at the end of the page: JSON the
 * browser never runs, with every `<` escaped so no text in it can end the element.
 */
export function firstRowsBlock(fileId: string, window: RecordsWindow): string {
  return `<script type="application/json" id="${BOOT_ELEMENTS.firstRows}">${JSON.stringify({ fileId, window }).replace(/</g, '\\u003c')}</script>`;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const mib = (n: number) => `${(n / 1024 / 1024).toFixed(n < 10 * 1024 * 1024 ? 1 : 0)} MiB`;

/**
 * The first file's state as plain markup inside the app's mount point: painted with the
 * first response, before any script has run (no inline script or style: the CSP forbids
 * them; a native <progress> needs neither). The app replaces it when it mounts.
 */
function shell(b: BootState): string {
  const f = b.files[0];
  if (!f) return '';
  const p = b.progress.find((x) => x.fileId === f.id);
  const name = escapeHtml(f.label);
  if (f.status === 'failed')
    return `<div class="boot-shell" role="alert"><p>Could not open ${name}: ${escapeHtml(f.error ?? '')}</p></div>`;
  if (f.status === 'ready')
    return (
      `<div class="boot-shell" data-testid="open-progress" role="status"><p elementtiming="open-progress">Opened ${name}: ${f.recordCount} records; the viewer is starting…</p>` +
      `<progress max="100" value="100" aria-label="opened"></progress></div>`
    );
  const text = p && p.phase === 'indexing' && p.total ? `Indexing ${name}: ${mib(p.bytes)} of ${mib(p.total)}` : `Opening ${name}…`;
  const value = p && p.total ? ` value="${Math.round((100 * p.bytes) / p.total)}"` : '';
  return (
    `<div class="boot-shell" data-testid="open-progress" role="status"><p elementtiming="open-progress">${text}</p>` +
    `<progress max="100"${value} aria-label="${text}"></progress></div>`
  );
}

/**
 * The built index.html as serve mode sends it: the boot state in a meta element (read as
 * data, never run) and the open file's progress already in the page, so the first paint
 * shows it and the app starts without three round trips.
 */
export function bootPage(html: string, b: BootState): string {
  const meta = `<meta name="${BOOT_ELEMENTS.meta}" content="${escapeHtml(JSON.stringify(b))}" />`;
  return html.replace('</head>', `  ${meta}\n  </head>`).replace('<div id="app"></div>', `<div id="app">${shell(b)}</div>`);
}

/** The built page's own stylesheet link (Vite writes one, for the entry's CSS). */
const STYLESHEET = /<link rel="stylesheet"[^>]*? href="\.\/(assets\/[^"]+\.css)"[^>]*>/;

/**
 * The page with its stylesheet inside it: the first paint then needs no second request (the
 * link blocks painting until the file arrives, and on a busy machine that is the longest wait).
 * Returns the style element's CSP hash, to be allowed by that response's policy alone; the page
 * is left as it is when the file cannot be read or could end the element early.
 */
export function inlineStylesheet(html: string, read: (path: string) => string | undefined): { html: string; styleHash?: string } {
  const m = STYLESHEET.exec(html);
  const css = m ? read(m[1]) : undefined;
  if (!m || css === undefined || /<\/style/i.test(css)) return { html };
  const styleHash = `sha256-${createHash('sha256').update(css, 'utf8').digest('base64')}`;
  return { html: html.replace(m[0], () => `<style>${css}</style>`), styleHash };
}
