import { Command, CommanderError } from 'commander';
import { COMMANDS } from './commands/index';
import { CliError, EXIT, processIO, type CliIO } from './io';

const EXIT_HELP = `
Exit codes:
  0  decoded cleanly (warnings allowed)
  1  decoded with errors (partial results still written); for replay: trace and files disagree
  2  usage error
  3  unreadable, or not a recognised format`;

/** Runs the CLI with `argv` (without node and script) and resolves to the exit code. */
export async function runCli(argv: string[], io: CliIO = processIO): Promise<number> {
  let code: number = EXIT.ok;
  const program = new Command('erst-viewer')
    .description('Forensic viewer for ACPI ERST backing files and UEFI CPER error records')
    .version('0.1.0')
    .addHelpText('after', EXIT_HELP)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .showHelpAfterError(false);
  const ctx = { io, done: (c: number) => (code = c) };
  for (const register of COMMANDS) register(program, ctx);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version exit through here with code 0.
      return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (e instanceof CliError) {
      io.err(`erst-viewer: ${e.message}\n`);
      return e.code;
    }
    const err = e as NodeJS.ErrnoException;
    if (err && typeof err.code === 'string' && /^E[A-Z]+$/.test(err.code)) {
      io.err(`erst-viewer: ${err.message}\n`);
      return EXIT.unreadable;
    }
    io.err(`erst-viewer: internal error: ${(e as Error)?.message ?? String(e)}\n`);
    return EXIT.errors;
  }
}
