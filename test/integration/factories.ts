/** Raw MCAS alerts and scenarios for integration tests, shaped like the real API's answers. */
import type { Scenario } from '../../sandbox/scenarios/seed';
import type { RawMcasAlert } from '../../sandbox/sim';

let counter = 0;

export function alertId(n: number): string {
  return n.toString(16).padStart(24, '0');
}

/** Overrides may break the shape on purpose: the simulator serves whatever it is given. */
export function rawAlert(overrides: Record<string, unknown> = {}): RawMcasAlert {
  counter += 1;
  const id = alertId(counter);
  return {
    _id: id,
    timestamp: Date.now() - 3_600_000,
    title: `Impossible travel activity #${counter}`,
    description: `The user alice@contoso.com signed in from 52.${counter % 250}.1.7 and 10.0.0.${counter % 250}.`,
    URL: `https://contoso.portal.cloudappsecurity.com/#/alerts/${id}`,
    severityValue: 1,
    resolutionStatusValue: 0,
    statusValue: 1,
    entities: [
      {
        type: 'account',
        id: 'acc',
        label: 'alice',
        em: 'alice@contoso.com',
        pa: 'alice@contoso.com',
      },
      { type: 'ip', id: `52.${counter % 250}.1.7`, label: `52.${counter % 250}.1.7` },
    ],
    ...overrides,
  };
}

export function singleTenant(alerts: RawMcasAlert[], tenantId = 'contoso'): Scenario {
  return {
    tenants: [{ id: tenantId, name: 'Contoso EU', token: `token-${tenantId}-0123456789` }],
    alertsByTenant: { [tenantId]: alerts },
    verdicts: {},
  };
}
