import { protocol } from 'electron';
import { readFile, realpath } from 'node:fs/promises';
import { APP_SCHEME } from '../main/desktop/app-origin';
import { CONTENT_SECURITY_POLICY } from '../main/webui/security';
import { resolveStaticFile } from '../main/desktop/static-files';
import { isInsideRoot } from '../main/webui/static-files';

/**
 * app://erst/ serves the renderer build (dist/renderer) and nothing else.
 *
 * Registered as standard + secure so the page gets a real origin ('self' in the CSP means
 * app://erst, localStorage and fetch work) without the extra powers file:// has. Not
 * bypassCSP, not corsEnabled: nothing else may load from it.
 * Must run before app 'ready'.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

const SECURITY_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'cross-origin-opener-policy': 'same-origin',
  'referrer-policy': 'no-referrer',
};

const refuse = (status: number, reason: string) =>
  new Response(`${status} ${reason}\n`, { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS } });

/** Serves `rendererRoot` on app://erst/. Call after 'ready'. */
export function serveRenderer(rendererRoot: string): void {
  let realRoot: Promise<string> | undefined;
  protocol.handle(APP_SCHEME, async (request) => {
    const r = resolveStaticFile(request.url, rendererRoot, request.method);
    if (!r.ok) return refuse(r.status, r.reason);
    try {
      // The URL check keeps ".." out; this keeps symlinks inside dist/renderer from leading out.
      realRoot ??= realpath(rendererRoot);
      const real = await realpath(r.file);
      if (!isInsideRoot(await realRoot, real)) return refuse(403, 'outside the renderer folder');
      const body = request.method === 'HEAD' ? null : await readFile(real);
      return new Response(body, { status: 200, headers: { 'content-type': r.contentType, ...SECURITY_HEADERS } });
    } catch {
      return refuse(404, 'not found');
    }
  });
}
