/**
 * The Content-Security-Policy sent with every response of the app:// scheme.
 *
 * The renderer is a Vite build: hashed .js/.css files next to index.html, no inline script,
 * no eval, no remote anything. So everything is 'self' or nothing:
 * - script-src 'self'      no inline script, no eval (checklist item 7);
 * - style-src 'self'       Vue writes styles through CSSOM (el.style), which CSP does not govern;
 * - img-src adds data:/blob: for generated icons and exported images;
 * - connect-src 'self'     the desktop renderer talks to main over IPC, never over the network;
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
