import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fromHex } from '../../shared/bytes/hex';
import { AccessError, checkBuf, formatRegister, type Access, type AccessTarget } from '../emulator/accesses';
import { parseQemuVersion, type QemuVersion } from '../../shared/erst/qemu-version';

/**
 * Drives a real `qemu-system-x86_64 -device acpi-erst` over QEMU's qtest text protocol.
 * The guest never runs (-S): we play the guest ourselves, finding the device in PCI config
 * space and placing its BARs, so QEMU's own device code is the only thing between our
 * accesses and the backing file.
 */

const BAR0_ADDR = 0xfebf3000;
/** In the q35 PCI hole, aligned for any record size up to 256 MiB. */
export const BAR1_ADDR = 0xc0000000;
const PCI_VENDOR_DEVICE = 0x00121b36;

function findQemu(): string | undefined {
  const env = process.env.ERST_QEMU;
  const candidates = env
    ? [env]
    : (process.env.PATH ?? '')
        .split(delimiter)
        .filter(Boolean)
        .map((d) => join(d, 'qemu-system-x86_64'));
  for (const c of candidates) {
    try {
      accessSync(c, constants.X_OK);
      return c;
    } catch {
      /* next */
    }
  }
  return undefined;
}

/** Where scripts/qemu10.sh unpacks QEMU 10.0 (ERST_QEMU10_DIR moves it). */
export const QEMU10_WRAPPER = join(process.env.ERST_QEMU10_DIR ?? '/opt/qemu10', 'qemu-system-x86_64');

export interface QemuBinary {
  path: string;
  /** `major.minor` from `--version`: the release the model is switched to when compared with it. */
  version: QemuVersion;
}

/** The QEMU release a binary reports, or undefined when it does not run. */
function qemuVersionOf(path: string): QemuVersion | undefined {
  try {
    const out = execFileSync(path, ['--version'], { encoding: 'utf8', timeout: 20_000, stdio: ['ignore', 'pipe', 'ignore'] });
    const m = /version (\d+\.\d+)/.exec(out);
    return m ? parseQemuVersion(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Every QEMU the conformance suite can compare with: ERST_QEMU alone when set; otherwise the
 * one on PATH and the QEMU 10.0 that scripts/qemu10.sh unpacked (ERST_QEMU10 or its folder).
 */
export function findQemus(): QemuBinary[] {
  const paths = process.env.ERST_QEMU ? [process.env.ERST_QEMU] : [findQemu(), process.env.ERST_QEMU10 ?? QEMU10_WRAPPER];
  const out: QemuBinary[] = [];
  for (const path of paths) {
    if (!path || out.some((b) => b.path === path)) continue;
    try {
      accessSync(path, constants.X_OK);
    } catch {
      continue;
    }
    const version = qemuVersionOf(path);
    if (version) out.push({ path, version });
  }
  return out;
}

export interface LaunchOptions {
  storePath: string;
  /** The memory-backend-file `size`. */
  size: number;
  /** The device's `record_size` property (omitted = QEMU's default). */
  recordSize?: number;
  /** Writes QEMU's own acpi_erst_* trace to this file. */
  tracePath?: string;
  timestamps?: boolean;
  binary?: string;
}

export type LaunchResult =
  { ok: true; machine: QtestMachine } | { ok: false; error: string; signal: NodeJS.Signals | null; exitCode: number | null };

export class QtestMachine implements AccessTarget {
  private buf = '';
  private readonly waiting: { resolve(line: string): void; reject(e: Error): void }[] = [];
  private exited: Error | undefined;
  private stderr = '';
  private devfn = -1;
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(private readonly proc: ChildProcess) {
    proc.stdout!.setEncoding('utf8');
    proc.stdout!.on('data', (chunk: string) => this.onData(chunk));
    proc.stderr!.setEncoding('utf8');
    proc.stderr!.on('data', (chunk: string) => {
      if (this.stderr.length < 65536) this.stderr += chunk;
    });
    this.exit = new Promise((resolve) => {
      proc.on('exit', (code, signal) => {
        this.exited = new Error(`QEMU exited (${signal ?? code}): ${this.stderr.trim()}`);
        for (const w of this.waiting.splice(0)) w.reject(this.exited);
        resolve({ code, signal });
      });
    });
    proc.stdin!.on('error', () => undefined);
  }

  /** Starts QEMU; resolves once the device is found and mapped, or with QEMU's error if it refused to start. */
  static async launch(o: LaunchOptions): Promise<LaunchResult> {
    const binary = o.binary ?? findQemu();
    if (!binary) return { ok: false, error: 'qemu-system-x86_64 not found', signal: null, exitCode: null };
    const dev = ['acpi-erst', 'memdev=erstnvram'];
    if (o.recordSize !== undefined) dev.push(`record_size=${o.recordSize}`);
    const args = [
      '-machine',
      'q35',
      '-display',
      'none',
      '-nodefaults',
      '-S',
      '-qtest',
      'stdio',
      '-qtest-log',
      '/dev/null',
      '-object',
      `memory-backend-file,id=erstnvram,mem-path=${o.storePath},size=${o.size},share=on`,
      '-device',
      dev.join(','),
    ];
    if (o.tracePath) args.push('-trace', 'acpi_erst_*', '-D', o.tracePath);
    if (o.timestamps) args.push('-msg', 'timestamp=on');
    const proc = spawn(binary, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const m = new QtestMachine(proc);
    try {
      await m.placeDevice();
      return { ok: true, machine: m };
    } catch (e) {
      const { code, signal } = await Promise.race([
        m.exit,
        new Promise<{ code: null; signal: null }>((r) => setTimeout(() => r({ code: null, signal: null }), 5000).unref()),
      ]);
      proc.kill('SIGKILL');
      return { ok: false, error: m.stderr.trim() || (e as Error).message, signal, exitCode: code };
    }
  }

  private onData(chunk: string): void {
    this.buf += chunk;
    let nl: number;
    while ((nl = this.buf.indexOf('\n')) >= 0) {
      const line = this.buf.slice(0, nl);
      this.buf = this.buf.slice(nl + 1);
      // qtest also emits asynchronous "IRQ ..." lines; only OK/FAIL/ERR answer a command.
      if (!/^(OK|FAIL|ERR)/.test(line)) continue;
      this.waiting.shift()?.resolve(line);
    }
  }

  /** Sends commands without waiting between them; resolves to their answers (the text after "OK"). */
  send(cmds: string[]): Promise<string[]> {
    if (this.exited) return Promise.reject(this.exited);
    const answers = cmds.map(
      (c) =>
        new Promise<string>((resolve, reject) => {
          this.waiting.push({
            resolve: (line) => (line.startsWith('OK') ? resolve(line.slice(2).trim()) : reject(new Error(`qtest "${c}" → ${line}`))),
            reject,
          });
        }),
    );
    this.proc.stdin!.write(cmds.join('\n') + '\n');
    return Promise.all(answers);
  }

  private cfgAddr(devfn: number, reg: number): string {
    return '0x' + ((0x80000000 | (devfn << 8) | reg) >>> 0).toString(16);
  }

  private async cfgRead32(devfn: number, reg: number): Promise<number> {
    const [, v] = await this.send([`outl 0xcf8 ${this.cfgAddr(devfn, reg)}`, 'inl 0xcfc']);
    return Number(BigInt(v));
  }

  private async cfgWrite32(devfn: number, reg: number, v: number): Promise<void> {
    await this.send([`outl 0xcf8 ${this.cfgAddr(devfn, reg)}`, `outl 0xcfc 0x${(v >>> 0).toString(16)}`]);
  }

  /** Finds 1b36:0012 on bus 0, places BAR0/BAR1 and enables memory decoding. */
  private async placeDevice(): Promise<void> {
    if (this.devfn < 0) {
      for (let d = 0; d < 32 && this.devfn < 0; d++) {
        if ((await this.cfgRead32(d << 3, 0)) === PCI_VENDOR_DEVICE) this.devfn = d << 3;
      }
      if (this.devfn < 0) throw new Error('acpi-erst (1b36:0012) not found on PCI bus 0');
    }
    await this.cfgWrite32(this.devfn, 0x10, BAR0_ADDR);
    await this.cfgWrite32(this.devfn, 0x14, BAR1_ADDR);
    const cmd = await this.cfgRead32(this.devfn, 0x04);
    await this.cfgWrite32(this.devfn, 0x04, (cmd & 0xffff0000) | (cmd & 0xffff) | 0x2);
  }

  /** Machine reset through port 0xcf9 (runs erst_reset); QEMU also unmaps the BARs, so we place them again. */
  async reset(): Promise<void> {
    await this.send(['outb 0xcf9 0x6']);
    // The reset runs in QEMU's main loop after the command; wait until PCI command memory-enable is gone.
    for (let i = 0; i < 1000; i++) {
      if (((await this.cfgRead32(this.devfn, 0x04)) & 0x2) === 0) break;
      await new Promise((r) => setTimeout(r, 1));
    }
    await this.placeDevice();
  }

  /** PCI config dword, for identity checks. */
  configDword(reg: number): Promise<number> {
    return this.cfgRead32(this.devfn, reg);
  }

  /** Size probe of BAR `n` (writes all ones, reads back, restores the placement). */
  async probeBar(n: 0 | 1): Promise<number> {
    await this.cfgWrite32(this.devfn, 0x10 + 4 * n, 0xffffffff);
    const v = await this.cfgRead32(this.devfn, 0x10 + 4 * n);
    await this.placeDevice();
    return v;
  }

  async run(accesses: Access[]): Promise<string[]> {
    const out: string[] = [];
    let batch: { cmd: string; fmt?: (ans: string) => string }[] = [];
    const flush = async () => {
      if (!batch.length) return;
      const b = batch;
      batch = [];
      const answers = await this.send(b.map((x) => x.cmd));
      b.forEach((x, i) => {
        if (x.fmt) out.push(x.fmt(answers[i]));
      });
    };
    for (const [i, a] of accesses.entries()) {
      switch (a.op) {
        case 'write':
          batch.push({ cmd: `${WRITE[a.size]} 0x${(BAR0_ADDR + a.offset).toString(16)} ${a.value}` });
          break;
        case 'read':
          batch.push({
            cmd: `${READ[a.size]} 0x${(BAR0_ADDR + a.offset).toString(16)}`,
            fmt: (ans) => formatRegister(BigInt(ans), a.size),
          });
          break;
        case 'buf-write': {
          const n = a.hex.length / 2;
          if (n > 0) batch.push({ cmd: `write 0x${(BAR1_ADDR + a.offset).toString(16)} ${n} 0x${a.hex}` });
          break;
        }
        case 'buf-read':
          if (a.length > 0)
            batch.push({ cmd: `read 0x${(BAR1_ADDR + a.offset).toString(16)} ${a.length}`, fmt: (ans) => ans.replace(/^0x/, '') });
          else out.push('');
          break;
        case 'reset':
          await flush();
          await this.reset();
          break;
        default:
          throw new AccessError(`access #${i}: unknown op`);
      }
      if (batch.length >= 512) await flush();
    }
    await flush();
    return out;
  }

  /** Checks buffer accesses against BAR1's size before sending them (QEMU would silently hit other memory). */
  static checkAccesses(accesses: Access[], exchangeSize: number): void {
    accesses.forEach((a, i) => {
      if (a.op === 'buf-write') checkBuf(a.offset, fromHex(a.hex)?.length ?? 0, exchangeSize, `access #${i}`);
      if (a.op === 'buf-read') checkBuf(a.offset, a.length, exchangeSize, `access #${i}`);
    });
  }

  async close(): Promise<void> {
    if (!this.exited) {
      this.proc.kill('SIGTERM');
      const t = setTimeout(() => this.proc.kill('SIGKILL'), 3000);
      await this.exit;
      clearTimeout(t);
    }
  }
}

const WRITE: Record<number, string> = { 1: 'writeb', 2: 'writew', 4: 'writel', 8: 'writeq' };
const READ: Record<number, string> = { 1: 'readb', 2: 'readw', 4: 'readl', 8: 'readq' };
