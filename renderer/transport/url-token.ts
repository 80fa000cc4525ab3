/**
 * Serve mode answers its token URL with the page itself and the session cookie (no redirect
 * first), so the token is still in the address bar when the page starts: it is taken out of
 * the address and of the history entry here. Elsewhere (the desktop app) there is none.
 */
export function dropUrlToken(): void {
  const loc = globalThis.location;
  if (!loc?.search) return;
  const params = new URLSearchParams(loc.search);
  if (!params.has('token')) return;
  params.delete('token');
  const query = params.toString();
  history.replaceState(history.state, '', `${loc.pathname}${query ? `?${query}` : ''}${loc.hash}`);
}
