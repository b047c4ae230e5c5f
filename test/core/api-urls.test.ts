/** The guards that decide where a tenant's token may be sent, before anything is sent. */
import { isGraphApiUrl, isMcasApiUrl, isTenantApiUrl } from '../../src/core/config';

describe('isMcasApiUrl', () => {
  it.each([
    'https://contoso.eu2.portal.cloudappsecurity.com/',
    'https://contoso.us3.portal.cloudappsecurity.com/api/v1/alerts/',
    'https://CONTOSO.portal.cloudappsecurity.com',
  ])('accepts the portal URL %s', (url) => {
    expect(isMcasApiUrl(url)).toBe(true);
  });

  it.each([
    'http://contoso.eu2.portal.cloudappsecurity.com/',
    'https://admin:pw@contoso.eu2.portal.cloudappsecurity.com/',
    'https://contoso.portal.cloudappsecurity.com.evil.example/',
    'https://portal.cloudappsecurity.com/',
    'https://169.254.169.254/latest/meta-data/',
    'https://graph.microsoft.com',
    'not a url',
  ])('refuses %s', (url) => {
    expect(isMcasApiUrl(url)).toBe(false);
  });
});

describe('isGraphApiUrl', () => {
  it.each(['https://graph.microsoft.com', 'https://graph.microsoft.com/v1.0/'])(
    'accepts %s',
    (url) => {
      expect(isGraphApiUrl(url)).toBe(true);
    },
  );

  it.each([
    'http://graph.microsoft.com',
    'https://graph.microsoft.com.evil.example',
    'https://user:pw@graph.microsoft.com',
    'https://graph.microsoft.us',
    'https://contoso.eu2.portal.cloudappsecurity.com/',
  ])('refuses %s', (url) => {
    expect(isGraphApiUrl(url)).toBe(false);
  });
});

describe('loopback (the sandbox) and the tenant source', () => {
  it('accepts http on loopback only when allowed', () => {
    for (const url of ['http://127.0.0.1:4100', 'http://localhost:4100/t/contoso']) {
      expect(isMcasApiUrl(url)).toBe(false);
      expect(isGraphApiUrl(url)).toBe(false);
      expect(isMcasApiUrl(url, { allowLoopback: true })).toBe(true);
      expect(isGraphApiUrl(url, { allowLoopback: true })).toBe(true);
    }
    expect(isGraphApiUrl('http://10.0.0.5', { allowLoopback: true })).toBe(false);
  });

  it('checks a URL against the tenant’s own source', () => {
    expect(isTenantApiUrl('graph', 'https://graph.microsoft.com')).toBe(true);
    expect(isTenantApiUrl('mcas', 'https://graph.microsoft.com')).toBe(false);
    expect(isTenantApiUrl('graph', 'https://contoso.eu2.portal.cloudappsecurity.com/')).toBe(false);
  });
});
