import type { Command } from 'commander';
import { readBoundedFile } from '../../evidence/read-bounded';
import { writeFileAtomic } from '../../output/index';
import { MAX_STORE_SIZE } from '../../emulator/backing';
import { replay, ReplayInputError, TraceError } from '../../replay/index';
import { MAX_TRACE_BYTES } from '../../replay/trace';
import { formatReplayText } from '../../replay/text';
import { parseQemuVersion } from '../../../shared/erst/qemu-version';
import { CliError, EXIT } from '../io';
import type { CommandContext } from './index';

/** Reads a file after checking it is a regular file of bounded size, so a wrong argument cannot hang or allocate gigabytes. */
export function readBounded(path: string, max: number, what: string): Buffer {
  return readBoundedFile(path, max, what);
}

export function registerReplay(program: Command, ctx: CommandContext): void {
  program
    .command('replay')
    .description('replay a QEMU acpi_erst trace on the device model and check it against the backing files (exit 0 agree, 1 disagree)')
    .argument('<trace>', 'QEMU trace log (-trace acpi_erst_*), with or without pid@time prefixes')
    .option('--before <file>', 'backing file before the boot (omit when the boot created it)')
    .requiredOption('--after <file>', 'backing file after the boot')
    .option('--out <file>', "save the model's final store to this file (written atomically; never over an input)")
    .option('--force', 'replace the --out file if it already exists')
    .option('--json', 'print the report as JSON')
    .option('--qemu <version>', 'the QEMU release that ran the boot (7.0 and 7.1 filled slots differently after a write; default 7.2)')
    .action((tracePath: string, o: { before?: string; after: string; out?: string; json?: boolean; force?: boolean; qemu?: string }) => {
      const qemu = o.qemu === undefined ? undefined : parseQemuVersion(o.qemu);
      if (o.qemu !== undefined && !qemu)
        throw new CliError(
          `--qemu "${o.qemu}" is not a QEMU release with the acpi-erst device (7.0 or later, e.g. 7.1 or 10.0)`,
          EXIT.usage,
        );
      const trace = readBounded(tracePath, MAX_TRACE_BYTES, 'trace').toString('utf8');
      const before = o.before ? new Uint8Array(readBounded(o.before, MAX_STORE_SIZE, 'before-file')) : undefined;
      const after = new Uint8Array(readBounded(o.after, MAX_STORE_SIZE, 'after-file'));
      let result;
      try {
        result = replay({ trace, before, after, qemu });
      } catch (e) {
        if (e instanceof TraceError || e instanceof ReplayInputError) throw new CliError(`${tracePath}: ${e.message}`, EXIT.unreadable);
        throw e;
      }
      if (o.out) writeFileAtomic(o.out, result.store, { evidence: [tracePath, o.after, ...(o.before ? [o.before] : [])], force: o.force });
      ctx.io.out(o.json ? JSON.stringify(result.report, null, 2) + '\n' : formatReplayText(result.report, tracePath));
      ctx.done(
        result.report.ok ? EXIT.ok : EXIT.errors,
        result.report.ok ? undefined : `the replay of ${tracePath} does not match ${o.after}`,
      );
    });
}
