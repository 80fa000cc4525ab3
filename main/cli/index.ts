import { Command, CommanderError } from 'commander';
import { COMMANDS } from './commands/index';
import { CliError, EXIT, EXIT_MEANING, processIO, type CliIO } from './io';
import { InputChanged, OutputRefused } from '../output/index';
import { NotAFile } from '../evidence/file';
import { InputTooLarge } from '../evidence/read-bounded';

const EXIT_HELP = `
Exit codes (whenever it is not 0, the last line on stderr says why):
  0  decoded cleanly (warnings allowed)
  1  decoded with errors (partial results still written); for replay: trace and files disagree
  2  usage error, or an output refused: the evidence itself, inside an evidence folder,
     a symbolic link, or an existing file without --force
  3  unreadable, not a regular file (folder, FIFO, device, socket), too large, or not a
     recognised format`;

/** Maps what a command threw to an exit code and the closing line's detail. */
function classify(e: unknown): { code: number; detail: string } {
  if (e instanceof CliError) return { code: e.code, detail: e.message };
  if (e instanceof OutputRefused) return { code: EXIT.usage, detail: e.message };
  if (e instanceof NotAFile || e instanceof InputTooLarge || e instanceof InputChanged) return { code: EXIT.unreadable, detail: e.message };
  const err = e as NodeJS.ErrnoException;
  if (err && typeof err.code === 'string' && /^E[A-Z]+$/.test(err.code)) return { code: EXIT.unreadable, detail: err.message };
  if (e instanceof RangeError && /allocation|Array buffer|Invalid typed array length|Invalid array length/i.test(e.message)) {
    return {
      code: EXIT.unreadable,
      detail: `the input needs more memory than this tool allows (${e.message})`,
    };
  }
  return {
    code: EXIT.errors,
    detail: `internal error: ${(e as Error)?.message ?? String(e)}`,
  };
}

/** Runs the CLI with `argv` (without node and script) and resolves to the exit code. */
export async function runCli(argv: string[], io: CliIO = processIO): Promise<number> {
  let code: number = EXIT.ok;
  let summary: string | undefined;
  const program = new Command('erst-viewer')
    .description('Forensic viewer for ACPI ERST backing files and UEFI CPER error records')
    .version('0.1.0')
    .addHelpText('after', EXIT_HELP)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .showHelpAfterError(false);
  const ctx = {
    io,
    done: (c: number, s?: string) => {
      code = c;
      summary = s;
    },
  };
  for (const register of COMMANDS) register(program, ctx);
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version exit through here with code 0.
      code = e.exitCode === 0 ? EXIT.ok : EXIT.usage;
      summary = undefined;
    } else {
      ({ code, detail: summary } = classify(e));
    }
  }
  // Only the documented codes leave the process.
  if (code !== EXIT.ok && code !== EXIT.errors && code !== EXIT.usage && code !== EXIT.unreadable) code = EXIT.errors;
  if (code !== EXIT.ok) io.err(`erst-viewer: exit ${code}: ${summary ?? EXIT_MEANING[code]}\n`);
  return code;
}
