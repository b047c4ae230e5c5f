/** Finding 2 of issue 13: only Defender's own hosts are presented as the alert's link. */
import { isDefenderAlertLink, isSecretUrl } from '../../src/core/hosts';

describe('isDefenderAlertLink', () => {
  it.each([
    'https://contoso.portal.cloudappsecurity.com/#/alerts/a1',
    'https://contoso.eu2.portal.cloudappsecurity.com/#/alerts/a1',
    'https://security.microsoft.com/alerts/da1?tid=t',
  ])('links %s', (url) => {
    expect(isDefenderAlertLink(url)).toBe(true);
  });

  it.each([
    'https://phish.example/login',
    'https://security.microsoft.com.phish.example/alerts',
    'https://portal.cloudappsecurity.com.evil.example/',
    'http://contoso.portal.cloudappsecurity.com/#/alerts/a1',
    'https://user:pw@security.microsoft.com/alerts',
    'javascript:alert(1)',
    'not a url',
  ])('does not link %s', (url) => {
    expect(isDefenderAlertLink(url)).toBe(false);
  });
});

describe('isSecretUrl', () => {
  it('takes https anywhere the caller allows, http only on loopback when asked', () => {
    expect(isSecretUrl('https://api.abuseipdb.com/api/v2', {})).toBe(true);
    expect(isSecretUrl('http://api.abuseipdb.com/api/v2', {})).toBe(false);
    expect(isSecretUrl('http://127.0.0.1:8080', {})).toBe(false);
    expect(isSecretUrl('http://127.0.0.1:8080', { allowLoopback: true })).toBe(true);
    expect(isSecretUrl('http://10.0.0.8:8080', { allowLoopback: true })).toBe(false);
    expect(isSecretUrl('https://a:b@example.atlassian.net', {})).toBe(false);
  });
});
