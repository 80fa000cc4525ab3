import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { createDispatcher } from '../../services/dispatcher';
import { DEFAULT_MAX_UPLOAD, startServer } from '../../serve/server';
import { rendererRoot } from '../../serve/static';
import { CliError, EXIT } from '../io';
import { dropPrestarted } from '../../worker/prestart';
import type { CommandContext } from './index';

export function registerServe(program: Command, ctx: CommandContext): void {
  program
    .command('serve')
    .description('serve the viewer on 127.0.0.1 for a browser (token-protected); files given here are opened')
    .argument('[files...]', 'ERST backing files or CPER files to open (read-only)')
    .option('--port <n>', 'port to listen on (default: a free one)', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0 || n > 65535) throw new CliError(`--port: ${v} is not a port number`, EXIT.usage);
      return n;
    })
    .option(
      '--max-upload <size>',
      `largest file a browser may upload, e.g. 512M, 8G (default ${DEFAULT_MAX_UPLOAD / 1024 ** 3}G); uploads stream to a private temp folder`,
      parseUploadSize,
    )
    .action(async (files: string[], o: { port?: number; maxUpload?: number }) => {
      const staticRoot = rendererRoot(dirname(fileURLToPath(import.meta.url)));
      if (!staticRoot) ctx.io.err('erst-viewer: warning: renderer not built (run `npm run build`); only the API is served\n');
      const maxUpload = o.maxUpload ?? DEFAULT_MAX_UPLOAD;
      const dispatcher = createDispatcher({ version: '0.1.0', maxStreamUpload: maxUpload });
      try {
        for (const f of files) {
          try {
            dispatcher.files.openPath(f, 'command-line');
          } catch (e) {
            dispatcher.dispose();
            throw new CliError(`${f}: ${(e as Error).message}`, EXIT.unreadable);
          }
        }
      } finally {
        // Workers the launcher started for arguments that are not files opened here.
        dropPrestarted();
      }
      const server = await startServer({ dispatcher, staticRoot, port: o.port, maxUpload });
      ctx.io.out(
        `erst-viewer serving on ${server.url}\n(open that URL in a browser on this machine, or forward the port with ssh -L ${server.port}:127.0.0.1:${server.port}; Ctrl-C stops)\n`,
      );
      // Runs until interrupted; the token dies with the process.
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void server.close().then(() => {
            dispatcher.dispose();
            resolve();
          });
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      ctx.done(EXIT.ok);
    });
}

/** `--max-upload`: bytes, or a number with K, M, G or T (binary units). */
function parseUploadSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmgt])?i?b?$/i.exec(text.trim());
  const n = m ? Math.floor(Number(m[1]) * 1024 ** ' kmgt'.indexOf((m[2] ?? ' ').toLowerCase())) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw new CliError(`--max-upload: ${text} is not a size (e.g. 67108864, 512M, 8G)`, EXIT.usage);
  return n;
}
