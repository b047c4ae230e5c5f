import { ProjectId } from '../../src/core/config';
import { keys, projectPrefixes } from '../../src/core/storage-keys';

const SEC = ProjectId.parse('10000');
const contoso = { projectId: SEC, tenantId: 'contoso' };

describe('storage keys', () => {
  it('builds the documented keys, by project id', () => {
    expect(keys.project(SEC)).toBe('project:10000');
    expect(keys.tenant(contoso)).toBe('tenant:10000:contoso');
    expect(keys.alert(contoso, '603f704aaf7417985bbf3b22')).toBe(
      'alert:10000:contoso:603f704aaf7417985bbf3b22',
    );
    expect(keys.tenantSecret(contoso)).toBe('secret:tenant:10000:contoso');
    expect(keys.checkpoint(contoso)).toBe('checkpoint:10000:contoso');
    expect(keys.abuseIpdbQuota(SEC)).toBe('quota:abuseipdb:10000');
  });

  it('keeps one tenant id in two projects apart', () => {
    const ops = { projectId: ProjectId.parse('10001'), tenantId: 'contoso' };
    expect(keys.alert(ops, 'a1')).not.toBe(keys.alert(contoso, 'a1'));
    expect(keys.tenantSecret(ops)).not.toBe(keys.tenantSecret(contoso));
    expect(keys.pendingPrefix(ops)).not.toBe(keys.pendingPrefix(contoso));
  });

  it('lists every prefix a project owns, without matching a project whose id extends it', () => {
    const prefixes = projectPrefixes(SEC);
    expect(prefixes).toContain(keys.alertPrefix(contoso).replace('contoso:', ''));
    const other = { projectId: ProjectId.parse('100001'), tenantId: 'contoso' };
    expect(prefixes.some((prefix) => keys.alert(other, 'a1').startsWith(prefix))).toBe(false);
    expect(prefixes.some((prefix) => keys.alert(contoso, 'a1').startsWith(prefix))).toBe(true);
  });

  it("covers the owed-verdict drain's project-wide keys, so a purge removes them", () => {
    const prefixes = projectPrefixes(SEC);
    for (const key of [
      keys.owedIndex(contoso, 'a1'),
      keys.owedAnswer(SEC, '2001:db8::1'),
      keys.drainSlot(SEC, 's1'),
    ]) {
      expect(prefixes.some((prefix) => key.startsWith(prefix))).toBe(true);
    }
    // A tenant's own index entries are found by its prefix when the tenant is removed.
    expect(keys.owedIndex(contoso, 'a1').startsWith(keys.owedIndexTenantPrefix(contoso))).toBe(
      true,
    );
  });

  it('keeps IPv6 separators out of the key structure', () => {
    expect(keys.ipVerdict('2001:db8::1')).toBe('ip:2001-db8--1');
  });

  it('refuses parts that would break the key format', () => {
    expect(() => keys.alert(contoso, 'a:b')).toThrow(/alert id/);
    expect(() => keys.project('' as ProjectId)).toThrow(/project id/);
    expect(() => keys.tenant({ projectId: SEC, tenantId: '../x y' })).toThrow(/tenant id/);
  });
});
