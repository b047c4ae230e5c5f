import { keys } from '../../src/core/storage-keys';

describe('storage keys', () => {
  it('builds the documented keys', () => {
    expect(keys.project('SEC')).toBe('project:SEC');
    expect(keys.tenant('SEC', 'contoso')).toBe('tenant:SEC:contoso');
    expect(keys.alert('contoso', '603f704aaf7417985bbf3b22')).toBe(
      'alert:contoso:603f704aaf7417985bbf3b22',
    );
    expect(keys.tenantSecret('contoso')).toBe('secret:tenant:contoso');
    expect(keys.abuseIpdbQuota('SEC')).toBe('quota:abuseipdb:SEC');
  });

  it('keeps IPv6 separators out of the key structure', () => {
    expect(keys.ipVerdict('2001:db8::1')).toBe('ip:2001-db8--1');
  });

  it('refuses parts that would break the key format', () => {
    expect(() => keys.alert('contoso', 'a:b')).toThrow(/alert id/);
    expect(() => keys.project('')).toThrow(/project key/);
    expect(() => keys.tenant('SEC', '../x y')).toThrow(/tenant id/);
  });
});
