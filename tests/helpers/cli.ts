import { runCli } from '../../main/cli/index';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** Runs the CLI in-process, capturing both streams. */
export async function cli(...argv: string[]): Promise<CliRun> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}
