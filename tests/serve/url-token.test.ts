// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { dropUrlToken } from '../../renderer/transport/url-token';

describe('the token in the address bar', () => {
  it('is taken out of the address, keeping the rest of it', () => {
    history.replaceState(null, '', '/?token=abc_DEF-123&view=records#slot-4');
    dropUrlToken();
    expect(location.pathname + location.search + location.hash).toBe('/?view=records#slot-4');
    history.replaceState(null, '', '/index.html?token=abc');
    dropUrlToken();
    expect(location.pathname + location.search + location.hash).toBe('/index.html');
  });

  it('leaves an address without one as it is', () => {
    history.replaceState(null, '', '/?view=records');
    dropUrlToken();
    expect(location.search).toBe('?view=records');
  });
});
