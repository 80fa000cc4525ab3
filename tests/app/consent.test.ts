import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openExternalWithConsent, type MessagePrompt } from '../../main/desktop/consent';
import { saveExport } from '../../main/desktop/save-export';
import { createDispatcher } from '../../main/services/dispatcher';
import { OutputRefused } from '../../main/output/index';
import type { ExportJob, FileInfo } from '../../shared/contract/index';
import { corpusPath } from '../helpers/corpus';

const root = mkdtempSync(join(tmpdir(), 'consent-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A user who answers with `button` and remembers what they were asked. */
function user(answer: 'yes' | 'no') {
  const asked: MessagePrompt[] = [];
  const ask = async (p: MessagePrompt) => {
    asked.push(p);
    return answer === 'yes' ? p.yes : p.cancelId;
  };
  return { asked, ask };
}

describe('links leave the app only after the user confirms', () => {
  it('opens a plain https link when the user says yes, naming the address', async () => {
    const opened: string[] = [];
    const u = user('yes');
    expect(await openExternalWithConsent('https://uefi.org/specifications', u.ask, async (url) => void opened.push(url))).toBe('opened');
    expect(opened).toEqual(['https://uefi.org/specifications']);
    expect(u.asked[0].detail).toContain('https://uefi.org/specifications');
    // The safe answer is the default and what Esc gives.
    expect(u.asked[0].defaultId).toBe(u.asked[0].cancelId);
    expect(u.asked[0].defaultId).not.toBe(u.asked[0].yes);
  });
  it('does nothing when the user declines', async () => {
    const opened: string[] = [];
    expect(await openExternalWithConsent('https://uefi.org/', user('no').ask, async (url) => void opened.push(url))).toBe('declined');
    expect(opened).toEqual([]);
  });
  it('never asks about a link that is not plain https', async () => {
    for (const url of ['file:///bin/sh', 'http://example.com/', 'smb://host/share', 'javascript:alert(1)', 'https://user:pw@host/']) {
      const u = user('yes');
      const opened: string[] = [];
      expect(await openExternalWithConsent(url, u.ask, async (x) => void opened.push(x))).toBe('refused');
      expect(u.asked).toEqual([]);
      expect(opened).toEqual([]);
    }
  });
});

describe('saving an export never replaces a file unasked', () => {
  const files = [
    { name: 'a.txt', bytes: () => new TextEncoder().encode('new a') },
    { name: 'dumps/b.txt', bytes: () => new TextEncoder().encode('new b') },
  ];

  it('writes into a fresh folder without asking', async () => {
    const dir = join(root, 'fresh');
    const u = user('no');
    expect(await saveExport(dir, files, [], u.ask)).toEqual({ saved: true, folder: dir, replaced: [] });
    expect(u.asked).toEqual([]);
    expect(readFileSync(join(dir, 'dumps', 'b.txt'), 'utf8')).toBe('new b');
  });

  it('asks before replacing, lists what exists, and writes nothing when declined', async () => {
    const dir = join(root, 'existing');
    mkdirSync(join(dir, 'dumps'), { recursive: true });
    writeFileSync(join(dir, 'dumps', 'b.txt'), 'old b');
    const no = user('no');
    expect(await saveExport(dir, files, [], no.ask)).toEqual({ saved: false, reason: 'declined' });
    expect(no.asked).toHaveLength(1);
    expect(no.asked[0].message).toMatch(/^1 file of this export already exist/);
    expect(no.asked[0].detail).toContain('dumps/b.txt');
    expect(readFileSync(join(dir, 'dumps', 'b.txt'), 'utf8')).toBe('old b');
    expect(readdirSync(dir)).toEqual(['dumps']);

    const yes = user('yes');
    expect(await saveExport(dir, files, [], yes.ask)).toEqual({ saved: true, folder: dir, replaced: ['dumps/b.txt'] });
    expect(readFileSync(join(dir, 'dumps', 'b.txt'), 'utf8')).toBe('new b');
  });

  it('refuses to write over evidence even when the user says replace', async () => {
    const dir = join(root, 'evidence');
    mkdirSync(dir);
    writeFileSync(join(dir, 'a.txt'), 'EVIDENCE');
    await expect(saveExport(dir, files, [join(dir, 'a.txt')], user('yes').ask)).rejects.toBeInstanceOf(OutputRefused);
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('EVIDENCE');
  });

  it('export.saveTo over the dispatcher: declined leaves the folder as it was, confirmed replaces', async () => {
    const folder = join(root, 'saveto');
    let answer: 'yes' | 'no' = 'no';
    const asked: MessagePrompt[] = [];
    const d = createDispatcher({
      version: 'test',
      pickFolder: async () => folder,
      ask: async (p) => {
        asked.push(p);
        return answer === 'yes' ? p.yes : p.cancelId;
      },
    });
    try {
      const call = async <T>(channel: string, args: unknown): Promise<T> => {
        const r = await d.call(channel, args, { transport: 'test' });
        if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
        return r.result as T;
      };
      const f = await call<FileInfo>('files.openDropped', { path: corpusPath('S2-accumulate', 'backing.after-boot3') });
      let job = await call<ExportJob>('export.start', { fileId: f.id, kind: 'dmesg' });
      while (job.state === 'running') {
        // The job runs in setImmediate steps: let them run between polls.
        await new Promise((r) => setImmediate(r));
        job = await call<ExportJob>('export.status', { jobId: job.jobId });
      }
      expect(job.state).toBe('done');
      expect(await call('export.saveTo', { jobId: job.jobId })).toEqual({ folder });
      expect(asked).toEqual([]);
      const first = job.files[0].name;
      writeFileSync(join(folder, ...first.split('/')), 'changed by the user');
      expect(await call('export.saveTo', { jobId: job.jobId })).toBeNull();
      expect(asked).toHaveLength(1);
      expect(readFileSync(join(folder, ...first.split('/')), 'utf8')).toBe('changed by the user');
      answer = 'yes';
      expect(await call('export.saveTo', { jobId: job.jobId })).toEqual({ folder });
      expect(readFileSync(join(folder, ...first.split('/')), 'utf8')).not.toBe('changed by the user');
    } finally {
      d.dispose();
    }
  });
});
