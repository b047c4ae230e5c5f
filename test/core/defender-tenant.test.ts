/**
 * One Defender tenant, one app tenant per project: the identity an MCAS URL or a Graph directory
 * gives, and which tenant a second one duplicates.
 */
import {
  defenderTenantOf,
  findSameDefenderTenant,
  sameDefenderTenantMessage,
} from '../../src/core/defender-tenant';

const mcas = (id: string, url: string) => ({ id, name: id, source: 'mcas' as const, url });
const graph = (id: string, entraTenantId: string) => ({
  id,
  name: id,
  source: 'graph' as const,
  url: 'https://graph.microsoft.com',
  entraTenantId,
});
const DIRECTORY = '72f988bf-86f1-41af-91ab-2d7cd011db47';

describe('defenderTenantOf', () => {
  it('is the API host of an MCAS tenant, whatever its case, path or trailing slash', () => {
    expect(defenderTenantOf(mcas('a', 'https://Contoso.EU2.portal.cloudappsecurity.com/'))).toBe(
      'mcas:contoso.eu2.portal.cloudappsecurity.com',
    );
    expect(defenderTenantOf(mcas('a', 'https://contoso.eu2.portal.cloudappsecurity.com'))).toBe(
      defenderTenantOf(mcas('b', 'https://contoso.eu2.portal.cloudappsecurity.com/api/')),
    );
  });

  it('keeps the path on a loopback simulator, where each tenant has its own path', () => {
    expect(defenderTenantOf(mcas('a', 'http://127.0.0.1:4010/t/contoso/'))).not.toBe(
      defenderTenantOf(mcas('b', 'http://127.0.0.1:4010/t/fabrikam/')),
    );
  });

  it('is the Entra directory of a Graph tenant, case-insensitively', () => {
    expect(defenderTenantOf(graph('a', DIRECTORY.toUpperCase()))).toBe(`graph:${DIRECTORY}`);
    expect(defenderTenantOf({ source: 'graph', url: 'https://graph.microsoft.com' })).toBe(
      undefined,
    );
  });
});

describe('findSameDefenderTenant', () => {
  const project = [
    mcas('contoso', 'https://contoso.eu2.portal.cloudappsecurity.com/'),
    graph('tailspin', DIRECTORY),
  ];

  it('finds the tenant of this project that reads the same MCAS API', () => {
    const second = mcas('contoso-2', 'https://CONTOSO.eu2.portal.cloudappsecurity.com');
    expect(findSameDefenderTenant(second, project)?.id).toBe('contoso');
  });

  it('finds the Graph tenant of the same Entra directory', () => {
    expect(findSameDefenderTenant(graph('x', DIRECTORY.toUpperCase()), project)?.id).toBe(
      'tailspin',
    );
  });

  it('accepts another Defender tenant, and a tenant edited without changing its own', () => {
    expect(
      findSameDefenderTenant(
        mcas('f', 'https://fabrikam.us.portal.cloudappsecurity.com/'),
        project,
      ),
    ).toBeUndefined();
    expect(findSameDefenderTenant(project[0]!, project, 'contoso')).toBeUndefined();
  });

  it('says which tenant is duplicated, by name and id', () => {
    const second = mcas('c2', 'https://contoso.eu2.portal.cloudappsecurity.com/');
    expect(sameDefenderTenantMessage(second, { id: 'contoso', name: 'Contoso EU' })).toBe(
      'The MCAS API at contoso.eu2.portal.cloudappsecurity.com is already read by tenant "Contoso EU" (contoso) of this project. A second tenant for it would create every alert\'s issue twice: edit that tenant instead.',
    );
  });
});
