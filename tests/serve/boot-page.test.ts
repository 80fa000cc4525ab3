// @vitest-environment happy-dom
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import {
  FIRST_ROWS_QUERY,
  RECORDS_PAGE,
  type BootState,
  type FileInfo,
  type OpenProgress,
  type RecordsWindow,
} from '../../shared/contract/index';
import type { RecordSummary } from '../../shared/report/inspect';
import { bootPage, firstRowsBlock, inlineStylesheet } from '../../main/serve/boot-page';
import { createDispatcher } from '../../main/services/dispatcher';
import { startServer, type RunningServer } from '../../main/serve/server';
import { bootOf, takeBoot } from '../../renderer/transport/boot';
import { corpusPath } from '../helpers/corpus';
import { storeFile } from '../../bench/gen-store-file';

const HTML = '<!doctype html><html><head><title>ERST Viewer</title></head><body><div id="app"></div></body></html>';

const file = (over: Partial<FileInfo>): FileInfo => ({
  id: 'f1',
  name: 'x',
  size: 1 << 30,
  origin: 'command-line',
  format: 'erst-store',
  recordCount: 0,
  openedAt: '2026-01-01T00:00:00.000Z',
  label: 'x',
  detail: '',
  status: 'indexing',
  ...over,
});

const boot = (files: FileInfo[], bytes = 0): BootState => ({
  app: { version: 't', transport: 'serve', limits: { maxRead: 1, maxUpload: 1 }, canOpenDialog: false, canSaveDialog: false },
  files,
  recent: [],
  progress: files.map((f) => ({ fileId: f.id, phase: 'indexing' as const, bytes, total: f.size, records: 7 })),
});

/** Parses a served page as the browser does and puts its head and body in this document. */
function load(html: string): Document {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  document.head.innerHTML = doc.head.innerHTML;
  document.body.innerHTML = doc.body.innerHTML;
  return doc;
}

describe("serve mode's page", () => {
  it("paints the open file's progress before any script, and hands the app its first answers as data", () => {
    const evil = file({ label: 'a<b>"&\'.img', name: 'a<b>"&\'.img' });
    const state = boot([evil], 256 * 1024 * 1024);
    const doc = load(bootPage(HTML, state));
    const shell = doc.querySelector('#app [data-testid="open-progress"]')!;
    expect(shell.textContent).toBe('Indexing a<b>"&\'.img: 256 MiB of 1024 MiB');
    expect(shell.querySelector('progress')!.getAttribute('value')).toBe('25');
    // The name is text, never markup; nothing in the page runs.
    expect(doc.querySelector('#app b')).toBeNull();
    expect(doc.querySelectorAll('script').length).toBe(0);
    expect(takeBoot()).toEqual(state);
    // Read once: a later start asks main.
    expect(takeBoot()).toBeUndefined();
  });

  it('says a file is opened, or why it could not be, and leaves the welcome page alone', () => {
    expect(load(bootPage(HTML, boot([file({ status: 'ready', recordCount: 12 })]))).querySelector('#app')!.textContent).toBe(
      'Opened x: 12 records; the viewer is starting…',
    );
    expect(load(bootPage(HTML, boot([file({ status: 'failed', error: 'no <such> file' })]))).querySelector('#app')!.textContent).toBe(
      'Could not open x: no <such> file',
    );
    expect(load(bootPage(HTML, boot([]))).querySelector('#app')!.innerHTML).toBe('');
  });

  it("carries an indexed file's first rows as data no text in them can end", () => {
    const hostile = '</script><script>alert(1)</script><!-- ]]> \u2028';
    const window: RecordsWindow = { offset: 0, total: 1, all: 1, rows: [{ summary: hostile } as RecordSummary] };
    const state = boot([file({ status: 'ready' })]);
    const html = bootPage(HTML, state).replace('</body>', `${firstRowsBlock('f1', window)}</body>`);
    const doc = load(html);
    expect(doc.querySelectorAll('script').length).toBe(1);
    expect(doc.querySelector('script')!.getAttribute('type')).toBe('application/json');
    expect(bootOf(doc)).toEqual({ ...state, records: { fileId: 'f1', window } });
    // A block that does not read as rows is left out; the rest of the boot state stands.
    doc.querySelector('script')!.textContent = '{"fileId":1}';
    expect(bootOf(doc)).toEqual(state);
  });

  it('carries its stylesheet inline, allowed by its hash, or leaves the link', () => {
    const css = 'body{color:red}\n.a::after{content:"<"}';
    const html = HTML.replace('</head>', '<link rel="stylesheet" crossorigin href="./assets/index-x.css"></head>');
    const asked: string[] = [];
    const r = inlineStylesheet(html, (p) => (asked.push(p), css));
    expect(asked).toEqual(['assets/index-x.css']);
    expect(r.html).toBe(HTML.replace('</head>', `<style>${css}</style></head>`));
    expect(r.styleHash).toBe(`sha256-${createHash('sha256').update(css).digest('base64')}`);
    // A file that cannot be read, or that would end the element early, keeps the link.
    expect(inlineStylesheet(html, () => undefined)).toEqual({ html });
    expect(inlineStylesheet(html, () => 'a{}</STYLE><script>x</script>')).toEqual({ html });
    expect(inlineStylesheet(HTML, () => css)).toEqual({ html: HTML });
  });

  describe('served', () => {
    const root = mkdtempSync(join(tmpdir(), 'boot-page-'));
    const d = createDispatcher({ version: 'test' });
    afterAll(() => {
      d.dispose();
      rmSync(root, { recursive: true, force: true });
    });

    it('carries the answers of app.info, files.list and files.recent', async () => {
      mkdirSync(join(root, 'renderer', 'assets'), { recursive: true });
      writeFileSync(join(root, 'renderer', 'index.html'), HTML.replace('</head>', '<link rel="stylesheet" href="./assets/s.css"></head>'));
      writeFileSync(join(root, 'renderer', 'assets', 's.css'), '#app{margin:0}');
      d.files.openPath(corpusPath('S2-accumulate', 'backing.after-boot3'), 'command-line');
      const s = await startServer({ dispatcher: d, staticRoot: join(root, 'renderer') });
      try {
        const call = async (channel: string) => (await d.call(channel, {}, { transport: 'serve' })) as { result: unknown };
        for (const path of ['/', '/index.html']) {
          const { body, csp } = await getPage(s, path);
          load(body);
          const b = takeBootAgain();
          expect(b?.app).toEqual((await call('app.info')).result);
          expect(b?.files).toEqual((await call('files.list')).result);
          expect(b?.recent).toEqual((await call('files.recent')).result);
          // The file is indexed: its first rows come with the page, as records.window gives them.
          const fileId = b!.files[0].id;
          const first = await d.call(
            'records.window',
            { fileId, offset: 0, limit: RECORDS_PAGE, query: FIRST_ROWS_QUERY },
            { transport: 'serve' },
          );
          expect(b?.records).toEqual({ fileId, window: first.ok && first.result });
          expect(b!.records!.window.rows.length).toBeGreaterThan(0);
          expect(document.querySelector('#app')!.textContent).toMatch(/backing\.after-boot3/);
          // The stylesheet is in the page, and this response's policy allows exactly it.
          expect(document.querySelector('link[rel="stylesheet"]')).toBeNull();
          expect(document.querySelector('style')!.textContent).toBe('#app{margin:0}');
          const hash = createHash('sha256').update('#app{margin:0}').digest('base64');
          expect(csp).toContain(`style-src 'self' 'sha256-${hash}'`);
          expect(csp).toContain("script-src 'self';");
        }
      } finally {
        await s.close();
      }
    });
  });
});

describe('served while the file is indexed', () => {
  it("ends the page with the store's first rows found so far, marked as such", async () => {
    const root = mkdtempSync(join(tmpdir(), 'boot-page-'));
    const d = createDispatcher({ version: 'test', workerPath: null });
    mkdirSync(join(root, 'renderer'), { recursive: true });
    writeFileSync(join(root, 'renderer', 'index.html'), HTML);
    // A full 128 MiB store: indexed for seconds, its first rows found in the first megabyte.
    const f = d.files.openPath(storeFile(128 * 1024 * 1024).path, 'command-line');
    // The page is asked for once the pass has started; its rows are then waited for as long as
    // it takes, so the page always ends with them here.
    const started = new Promise<void>((resolve) => {
      const off = d.onEvent((event, p) => {
        if (event === 'files.progress' && (p as OpenProgress).phase === 'indexing') resolve(off());
      });
    });
    const s = await startServer({ dispatcher: d, staticRoot: join(root, 'renderer'), firstRowsWaitMs: 600_000 });
    await started;
    try {
      load((await getPage(s, '/')).body);
      const b = takeBootAgain();
      expect(b?.files[0].status).toBe('indexing');
      const early = b!.records!;
      expect(early.fileId).toBe(f.info.id);
      expect(early.window.indexing).toBe(true);
      expect(early.window.total).toBeGreaterThanOrEqual(RECORDS_PAGE);
      expect(early.window.total).toBeLessThan(16_384);
      // The rows are those the whole index gives, in the table's own order.
      await f.backend.ready;
      const whole = await d.call(
        'records.window',
        { fileId: f.info.id, offset: 0, limit: RECORDS_PAGE, query: FIRST_ROWS_QUERY },
        { transport: 'serve' },
      );
      expect(whole.ok && (whole.result as RecordsWindow).indexing).toBeFalsy();
      expect(early.window.rows).toEqual(whole.ok && (whole.result as RecordsWindow).rows);
    } finally {
      await s.close();
      d.dispose();
      rmSync(root, { recursive: true, force: true });
    }
  }, 120_000);
});

/** A served page and its policy, by Node's own HTTP: this file's fetch is the browser document's, bound by its origin. */
function getPage(s: RunningServer, path: string): Promise<{ body: string; csp: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: s.port, path, headers: { Authorization: `Bearer ${s.token}` } }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ body, csp: String(res.headers['content-security-policy']) }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** takeBoot reads the page once per start; each served page here is a new start. */
const takeBootAgain = () => bootOf(document);
