/**
 * The Content-Security-Policy of the renderer, wherever it is served: the desktop app's
 * app:// scheme and serve mode's loopback HTTP.
 *
 * The renderer is a Vite build: hashed .js/.css files next to index.html, no inline script,
 * no eval, no remote anything. So everything is 'self' or nothing:
 * - script-src 'self'      no inline script, no eval (checklist item 7);
 * - style-src 'self'       Vue writes styles through CSSOM (el.style), which CSP does not govern;
 * - img-src adds data:/blob: for generated icons and exported images;
 * - connect-src 'self'     IPC in the desktop app; in serve mode the same-origin API and ws:// socket;
 * - object/frame/base/form are closed; frame-ancestors 'none' stops embedding.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "manifest-src 'self'",
  "object-src 'none'",
  "frame-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The policy with one inline style element allowed by its hash (serve mode's page, main/serve/boot-page.ts). */
export function policyWithStyle(hash: string): string {
  return CONTENT_SECURITY_POLICY.replace("style-src 'self'", `style-src 'self' '${hash}'`);
}

/** Headers for every serve-mode response. */
export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};
