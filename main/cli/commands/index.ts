import type { Command } from 'commander';
import type { CliIO } from '../io';
import { registerInspect } from './inspect';
import { registerExport } from './export';
import { registerServe } from './serve';
import { registerReplay } from './replay';
import { registerEmulate } from './emulate';
import { registerDiff } from './diff';
import { registerHistory } from './history';
import { registerReport } from './report';

/**
 * Each command registers itself on the program and resolves to an exit code through
 * `ctx.done`. Add a command by adding its register function here.
 */
export interface CommandContext {
  io: CliIO;
  /**
   * The command's exit code; for a non-zero code, `summary` is the detail of the one closing
   * line on stderr (e.g. "3 errors, 2 warnings in backing.after-boot2 (partial results written)");
   * without it the code's meaning is used.
   */
  done(code: number, summary?: string): void;
}

export type Register = (program: Command, ctx: CommandContext) => void;

export const COMMANDS: Register[] = [
  registerInspect,
  registerExport,
  registerServe,
  registerReplay,
  registerEmulate,
  registerDiff,
  registerHistory,
  registerReport,
];
