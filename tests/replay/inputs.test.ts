import { describe, expect, it } from 'vitest';
import type { EmulatorState, ReplayPlayback, WhatIfResult } from '../../shared/contract/channels/sessions';
import type { ToolInput } from '../../shared/contract/channels/tool-inputs';
import type { FileInfo } from '../../shared/contract/index';
import { createSession } from '../../main/emulator/service';
import { fakeRecord } from '../../main/emulator/linux';
import { corpusBytes } from '../helpers/corpus';
import { testDispatcher } from '../helpers/dispatcher';

const b64 = (b: Uint8Array | string) => Buffer.from(b).toString('base64');

/** Traces and journals handed over for replay or a session are tool inputs, never opened evidence. */
describe('tool inputs: traces and journals are not evidence', () => {
  const { ok, d } = testDispatcher();

  it('a trace uploaded as an input replays like an opened one and never joins the open files', async () => {
    const after = await ok<FileInfo>('files.upload', {
      name: 'backing.after-boot1',
      base64: b64(corpusBytes('S7-full', 'backing.after-boot1')),
    });
    const traceBytes = corpusBytes('S7-full', 'boot1.trace.log');
    const input = await ok<ToolInput>('inputs.upload', { name: 'boot1.trace.log', base64: b64(traceBytes), kind: 'trace' });
    expect(input).toMatchObject({ name: 'boot1.trace.log', size: traceBytes.length, kind: 'trace' });
    const files = await ok<FileInfo[]>('files.list');
    expect(files.map((f) => f.name)).toEqual(['backing.after-boot1']);
    // Replaying three times opens nothing more.
    let p: ReplayPlayback | undefined;
    for (let n = 0; n < 3; n++) p = await ok<ReplayPlayback>('replay.run', { traceInputId: input.id, afterFileId: after.id });
    expect((await ok<FileInfo[]>('files.list')).length).toBe(1);
    expect(p!.names.trace).toBe('boot1.trace.log');
    expect(p!.report.failedWrites.length).toBe(8);
    // The same playback as from the trace opened as a file.
    const opened = await ok<FileInfo>('files.upload', { name: 'boot1.trace.log', base64: b64(traceBytes) });
    expect(await ok<ReplayPlayback>('replay.run', { traceFileId: opened.id, afterFileId: after.id })).toEqual(p);
    const w = await ok<WhatIfResult>('whatif.run', { traceInputId: input.id, afterFileId: after.id });
    expect(w.survived).toBe(3);
    // Neither id given: a clear refusal; a closed input is gone.
    const none = await d.call('replay.run', { afterFileId: after.id }, { transport: 'test' });
    expect(none.ok ? '' : none.error.message).toMatch(/give the trace/);
    expect(await ok<{ closed: boolean }>('inputs.close', { inputId: input.id })).toEqual({ closed: true });
    const gone = await d.call('replay.run', { traceInputId: input.id, afterFileId: after.id }, { transport: 'test' });
    expect(gone.ok ? '' : gone.error.code).toBe('not-found');
  });

  it('a journal uploaded as an input starts a session without opening a file', async () => {
    const before = (await ok<FileInfo[]>('files.list')).length;
    const s = createSession({ size: 65536, qemu: '7.1' });
    s.writeRecord(fakeRecord(0x42n, 300));
    const input = await ok<ToolInput>('inputs.upload', { name: 'session.jsonl', base64: b64(s.journal()), kind: 'journal' });
    const st = await ok<EmulatorState>('emulator.create', { journalInputId: input.id });
    expect(st.step).toBe(1);
    expect(st.qemu).toBe('7.1');
    expect(st.name).toMatch(/journal session\.jsonl/);
    expect((await ok<FileInfo[]>('files.list')).length).toBe(before);
  });
});
