/**
 * A fourth tenant, Tailspin Toys, whose alerts are read through Microsoft Graph security
 * alerts_v2 with an Entra app instead of the MCAS API. `npm run sandbox` seeds it next to
 * Monday's three MCAS tenants so a config with `"source": "graph"` can be tried end to end.
 */
import type { Sandbox } from '../sim';
import type { AlertSpec } from './alert-shape';
import { EXCHANGE, graphAlert } from './alert-shape';
import { TOR_EXIT_IP } from './monday';

const HOUR = 3_600_000;

export const GRAPH_DEMO_TENANT = {
  id: 'tailspin',
  name: 'Tailspin Toys',
  directoryId: '0c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5',
  /** A verified domain of the directory, which Entra accepts in place of its id. */
  domain: 'tailspintoys.onmicrosoft.com',
  clientId: '7e6d5c4b-3a29-4180-9f7e-6d5c4b3a2918',
  clientSecret: 'sandbox~tailspin-graph-client-secret',
};

const kim = { name: 'Kim Akers', email: 'kim.akers@tailspintoys.com' };

function specs(now: number): AlertSpec[] {
  return [
    {
      tenantId: GRAPH_DEMO_TENANT.id,
      timestamp: now - 26 * HOUR,
      title: 'Activity from a Tor IP address',
      severity: 2,
      users: [kim],
      ips: [TOR_EXIT_IP],
      description: `<p>The user ${kim.name} performed an activity from the Tor IP address ${TOR_EXIT_IP}.</p>`,
    },
    {
      tenantId: GRAPH_DEMO_TENANT.id,
      timestamp: now - 7 * HOUR,
      title: 'Suspicious inbox forwarding',
      severity: 1,
      users: [kim],
      ips: ['185.220.101.47'],
      service: EXCHANGE,
      description: `<p>${kim.name} created a rule that forwards all mail to an external address, from 185.220.101.47.</p>`,
    },
  ];
}

/** Registers the Entra app, the Graph directory and its alerts; returns the CLI config entry. */
export function seedGraphDemoTenant(sandbox: Sandbox, now: number) {
  const { directoryId, domain, clientId, clientSecret } = GRAPH_DEMO_TENANT;
  sandbox.entra.addApp({ tenantId: directoryId, domain, clientId, secret: clientSecret });
  sandbox.graph.addDirectory({ entraTenantId: directoryId, grantedApps: [clientId] });
  const alerts = specs(now).map((spec) => graphAlert(spec, directoryId));
  sandbox.graph.addAlerts(directoryId, alerts);
  return {
    alertCount: alerts.length,
    tenant: {
      id: GRAPH_DEMO_TENANT.id,
      name: GRAPH_DEMO_TENANT.name,
      source: 'graph' as const,
      url: sandbox.graph.url,
      auth: 'entra' as const,
      entraTenantId: directoryId,
      clientId,
      clientSecret,
    },
  };
}
