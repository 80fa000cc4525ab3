/**
 * Which evidence files the OS or the user asked for on the command line.
 *
 * argv differs by how the app was started: packaged it is [exe, ...args]; unpackaged
 * (`electron dist/app/main.js file`, process.defaultApp) the first positional argument is the
 * app itself. Chromium, the OS and test drivers add switches anywhere (--inspect=0,
 * --remote-debugging-port=0, --original-process-start-time=…, -psn_… on old macOS), and
 * "second-instance" passes the other process's argv, switches included. Switches are skipped;
 * a lone "--" ends them, so a file named "-x" can still be given.
 */
export function filesFromArgv(argv: readonly string[], isDefaultApp: boolean): string[] {
  const positional: string[] = [];
  let switchesEnded = false;
  for (const a of argv.slice(1)) {
    if (!switchesEnded && a === '--') {
      switchesEnded = true;
      continue;
    }
    if (!switchesEnded && a.startsWith('-')) continue;
    positional.push(a);
  }
  return (isDefaultApp ? positional.slice(1) : positional).filter((a) => a !== '' && !a.includes('\0'));
}

/**
 * What a second instance hands the first one. The second instance resolves its own relative
 * paths (it knows its working directory) and sends them as `additionalData`, which arrives
 * intact where argv may not (Chromium rewrites argv on Windows); argv + workingDirectory is
 * the fallback when additionalData is missing or malformed.
 */
export interface SecondInstanceData {
  files: string[];
}

export function filesFromSecondInstance(
  argv: readonly string[],
  workingDirectory: string,
  additionalData: unknown,
  isDefaultApp: boolean,
  resolve: (cwd: string, p: string) => string,
): string[] {
  const d = additionalData as Partial<SecondInstanceData> | null | undefined;
  if (d && Array.isArray(d.files) && d.files.every((f) => typeof f === 'string'))
    return d.files.filter((f) => f !== '' && !f.includes('\0'));
  return filesFromArgv(argv, isDefaultApp).map((f) => resolve(workingDirectory, f));
}
