import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Command } from 'commander';
import { createDispatcher } from '../../main/services/dispatcher';
import { adoptFileWorker, dropPrestarted, prestartFileWorkers, serveOperands } from '../../main/worker/prestart';
import { SERVE_VALUED_OPTIONS } from '../../main/cli/commands/serve-options';
import { registerServe } from '../../main/cli/commands/serve';
import { corpusPath } from '../helpers/corpus';
import { useBundledWorker } from '../helpers/worker-bundle';

const none = { message() {}, error() {}, exit() {} };

/**
 * `serve FILE…` has its files' workers started by the CLI's launcher, before the CLI is read:
 * the launcher finds the files among the arguments, and the file registry takes each worker
 * over with everything it said so far.
 */
describe('file workers started ahead', () => {
  const worker = useBundledWorker('erst-prestart-');

  it("finds serve's files among its arguments", () => {
    expect(serveOperands(['a.img', '--port', '8080', 'b.img'], SERVE_VALUED_OPTIONS)).toEqual(['a.img', 'b.img']);
    expect(serveOperands(['--max-upload', '2G', 'c.img', '--port=0'], SERVE_VALUED_OPTIONS)).toEqual(['c.img']);
    expect(serveOperands(['-h'], SERVE_VALUED_OPTIONS)).toEqual([]);
    expect(serveOperands(['x', '--', '--port', 'y'], SERVE_VALUED_OPTIONS)).toEqual(['x', '--port', 'y']);
  });

  it('knows every option of serve that takes a value, and no other', () => {
    const program = new Command();
    registerServe(program, { io: { out() {}, err() {} } as never, done() {} });
    const serve = program.commands.find((c) => c.name() === 'serve')!;
    const valued = serve.options.filter((o) => o.required || o.optional).map((o) => o.long);
    expect([...valued].sort()).toEqual([...SERVE_VALUED_OPTIONS].sort());
  });

  it('hands a worker over once, with what it posted before, and the file opens as without it', async () => {
    const [dir, script] = [worker.dir(), worker.script()];
    const path = corpusPath('S2-accumulate', 'backing.after-boot3');
    const plain = createDispatcher({ version: 'test', workerPath: script });
    const ahead = createDispatcher({ version: 'test', workerPath: script });
    try {
      const want = plain.files.openPath(path, 'command-line');
      await want.backend.ready;
      prestartFileWorkers([path, join(dir, 'no-such-file'), dir], script);
      // Long enough for a small file's worker to have indexed it before it is adopted; the
      // outcome is the same either way.
      await new Promise((r) => setTimeout(r, 300));
      const got = ahead.files.openPath(path, 'command-line');
      expect(await got.backend.ready).toEqual(await want.backend.ready);
      expect(ahead.files.list()[0].recordCount).toBe(plain.files.list()[0].recordCount);
      const rows = (d: typeof plain, fileId: string) => d.call('records.window', { fileId, offset: 0, limit: 50 }, { transport: 'serve' });
      expect(await rows(ahead, got.info.id)).toEqual(await rows(plain, want.info.id));
      // Taken: nothing is left for that path, and nothing was started for what is not a file.
      expect(adoptFileWorker(path, script, none)).toBeUndefined();
      expect(adoptFileWorker(join(dir, 'no-such-file'), script, none)).toBeUndefined();
      expect(adoptFileWorker(dir, script, none)).toBeUndefined();
    } finally {
      plain.dispose();
      ahead.dispose();
    }
  }, 60_000);

  it('stops the workers no file took', async () => {
    const [dir, script] = [worker.dir(), worker.script()];
    const path = corpusPath('S2-accumulate', 'backing.after-boot2');
    prestartFileWorkers([path], script);
    dropPrestarted();
    expect(adoptFileWorker(path, script, none)).toBeUndefined();
    // A worker started with another script is not the registry's: it starts its own.
    prestartFileWorkers([path], script);
    expect(adoptFileWorker(path, join(dir, 'other.mjs'), none)).toBeUndefined();
    dropPrestarted();
  });
});
