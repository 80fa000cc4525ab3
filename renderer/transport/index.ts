import type { ErstApi } from '../../shared/contract/index';
import { serveClient } from './serve-client';

let api: ErstApi | undefined;

/**
 * The renderer's only way to main: `window.erst` when the Electron preload put it there,
 * otherwise the serve-mode client. Both implement the same contract.
 */
export function erst(): ErstApi {
  return (api ??= window.erst ?? serveClient());
}

/** Tests install a fake (usually a dispatcher-backed one). */
export function setTransport(t: ErstApi): void {
  api = t;
}
