import type { Command } from 'commander';
import { writeFileAtomic } from '../../output/index';
import { AccessError, applyAccess, parseAccesses } from '../../emulator/accesses';
import { ErstStartError, MAX_STORE_SIZE } from '../../emulator/backing';
import { ErstDevice, QemuWouldCrash } from '../../emulator/device';
import { parseQemuVersion, type QemuVersion } from '../../../shared/erst/qemu-version';
import { CliError, EXIT } from '../io';
import type { CommandContext } from './index';
import { readBounded } from './replay';

const MAX_ACCESS_FILE = 256 * 1024 * 1024;

/** Sizes as integers, 0x-hex, or with a K/M suffix (KiB/MiB). */
function parseSize(text: string, what: string): number {
  const m = /^(0x[0-9a-f]+|\d+)\s*(k|kib|m|mib)?$/i.exec(text.trim());
  if (!m) throw new CliError(`${what} "${text}" is not a size (e.g. 65536, 0x10000, 64K, 1M)`, EXIT.usage);
  const unit = m[2] ? (m[2][0].toLowerCase() === 'k' ? 1024 : 1024 * 1024) : 1;
  const n = Number(m[1]) * unit;
  if (!Number.isSafeInteger(n) || n > MAX_STORE_SIZE)
    throw new CliError(`${what} ${text} is larger than the ${MAX_STORE_SIZE} bytes this tool models`, EXIT.usage);
  return n;
}

/** `--qemu 7.1`: the QEMU release the device model behaves like (undefined = the default, 7.2). */
function parseQemuOption(text: string | undefined): QemuVersion | undefined {
  if (text === undefined) return undefined;
  const v = parseQemuVersion(text);
  if (!v)
    throw new CliError(`--qemu "${text}" is not a QEMU release with the acpi-erst device (7.0 or later, e.g. 7.1 or 10.0)`, EXIT.usage);
  return v;
}

export function registerEmulate(program: Command, ctx: CommandContext): void {
  program
    .command('emulate')
    .description("run a list of register and exchange-buffer accesses on the acpi-erst model and print each read's value")
    .option('--store <file>', 'start from a copy of this backing file (the file itself is never changed)')
    .option('--size <n>', 'start from a new (zero) store of this size, formatted as QEMU does')
    .option('--record-size <n>', "the device's record_size property (used when the store is not formatted yet)")
    .requiredOption('--accesses <file.json>', 'JSON array of {"op":"write"|"read"|"buf-write"|"buf-read"|"reset", ...}')
    .option('--save <file>', 'save the final store to this file (written atomically; never over an input)')
    .option('--force', 'replace the --save file if it already exists')
    .option('--json', 'print the reads as a JSON array')
    .option('--qemu <version>', 'behave like this QEMU release (7.0 and 7.1 fill after a write as their swapped memset did; default 7.2)')
    .action(
      (o: {
        store?: string;
        size?: string;
        recordSize?: string;
        accesses: string;
        save?: string;
        json?: boolean;
        force?: boolean;
        qemu?: string;
      }) => {
        if (!!o.store === !!o.size) throw new CliError('give exactly one of --store FILE or --size N', EXIT.usage);
        const store = o.store
          ? new Uint8Array(readBounded(o.store, MAX_STORE_SIZE, 'store'))
          : new Uint8Array(parseSize(o.size!, '--size'));
        const recordSize = o.recordSize !== undefined ? parseSize(o.recordSize, '--record-size') : undefined;
        let json: unknown;
        try {
          json = JSON.parse(readBounded(o.accesses, MAX_ACCESS_FILE, 'access list').toString('utf8'));
        } catch (e) {
          if (e instanceof SyntaxError) throw new CliError(`${o.accesses}: not valid JSON: ${e.message}`, EXIT.unreadable);
          throw e;
        }
        let dev: ErstDevice;
        try {
          dev = new ErstDevice(store, { recordSize, qemu: parseQemuOption(o.qemu) });
        } catch (e) {
          if (e instanceof ErstStartError)
            throw new CliError(`the device does not start on this store (QEMU: ${e.message})`, EXIT.unreadable);
          throw e;
        }
        const results: { index: number; op: string; offset: number; size: number; value: string }[] = [];
        try {
          const accesses = parseAccesses(json);
          accesses.forEach((a, i) => {
            const v = applyAccess(dev, a, i);
            if (v === undefined) return;
            const size = a.op === 'read' ? a.size : a.op === 'buf-read' ? a.length : 0;
            results.push({ index: i, op: a.op, offset: (a as { offset: number }).offset, size, value: v });
          });
        } catch (e) {
          if (e instanceof AccessError || e instanceof RangeError) throw new CliError(`${o.accesses}: ${e.message}`, EXIT.usage);
          if (e instanceof QemuWouldCrash) throw new CliError(`${o.accesses}: ${e.message}`, EXIT.unreadable);
          throw e;
        }
        if (o.save) writeFileAtomic(o.save, store, { evidence: [o.accesses, ...(o.store ? [o.store] : [])], force: o.force });
        ctx.io.out(o.json ? JSON.stringify(results, null, 2) + '\n' : results.map((r) => r.value + '\n').join(''));
        ctx.done(EXIT.ok);
      },
    );
}
