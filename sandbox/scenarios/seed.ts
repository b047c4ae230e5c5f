/** A scenario is the data of a demo or a benchmark; `seedSandbox` loads it into the simulators. */
import type { AbuseIpdbCheckData, RawMcasAlert, Sandbox } from '../sim';

export interface ScenarioTenant {
  id: string;
  name: string;
  token: string;
}

export interface Scenario {
  tenants: ScenarioTenant[];
  alertsByTenant: Record<string, RawMcasAlert[]>;
  /** AbuseIPDB answers that differ from the simulator's derived ones. */
  verdicts: Record<string, Partial<AbuseIpdbCheckData>>;
}

export interface SeededSandbox {
  /** Each tenant with its API base URL on the MCAS simulator. */
  tenants: (ScenarioTenant & { url: string })[];
  alertCount: number;
  abuseIpdbKey: string;
}

export const SANDBOX_ABUSEIPDB_KEY = 'sandbox-abuseipdb-key';

export function seedSandbox(sandbox: Sandbox, scenario: Scenario): SeededSandbox {
  const tenants = scenario.tenants.map((tenant) => ({
    ...tenant,
    url: sandbox.mcas.addTenant({ id: tenant.id, token: tenant.token }),
  }));
  let alertCount = 0;
  for (const tenant of scenario.tenants) {
    const alerts = scenario.alertsByTenant[tenant.id] ?? [];
    sandbox.mcas.addAlerts(tenant.id, alerts);
    alertCount += alerts.length;
  }
  for (const [ip, verdict] of Object.entries(scenario.verdicts))
    sandbox.abuseipdb.setVerdict(ip, verdict);
  sandbox.abuseipdb.addKey(SANDBOX_ABUSEIPDB_KEY);
  return { tenants, alertCount, abuseIpdbKey: SANDBOX_ABUSEIPDB_KEY };
}
