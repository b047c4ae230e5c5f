/**
 * `npm start` and `npm run sandbox` print the sandbox's simulator credentials, so a newcomer can
 * add a tenant without reading the source (issue 14, finding 9).
 */
import { formatSandboxCredentials } from '../../sandbox/cli/print';
import { GRAPH_DEMO_TENANT } from '../../sandbox/scenarios/graph-demo';
import { mondayScenario } from '../../sandbox/scenarios/monday';
import { SANDBOX_ABUSEIPDB_KEY } from '../../sandbox/scenarios/seed';

it('prints each sandbox tenant with its id, URL and token, the Graph app and the AbuseIPDB key', () => {
  const tenants = mondayScenario(Date.UTC(2026, 10, 30)).tenants.map((tenant) => ({
    ...tenant,
    url: `http://127.0.0.1:4100/${tenant.id}/`,
  }));
  const text = formatSandboxCredentials(
    [
      ...tenants,
      {
        id: GRAPH_DEMO_TENANT.id,
        name: GRAPH_DEMO_TENANT.name,
        url: 'http://127.0.0.1:4200',
        entraTenantId: GRAPH_DEMO_TENANT.directoryId,
        clientId: GRAPH_DEMO_TENANT.clientId,
        clientSecret: GRAPH_DEMO_TENANT.clientSecret,
      },
    ],
    SANDBOX_ABUSEIPDB_KEY,
  );
  expect(tenants).toHaveLength(3);
  for (const tenant of tenants) {
    expect(text).toContain(`${tenant.name} (id ${tenant.id})`);
    expect(text).toContain(tenant.url);
    expect(text).toContain(`API token:      ${tenant.token}`);
  }
  expect(text).toContain(`Client secret:  ${GRAPH_DEMO_TENANT.clientSecret}`);
  expect(text).toContain(`AbuseIPDB key:    ${SANDBOX_ABUSEIPDB_KEY}`);
});
