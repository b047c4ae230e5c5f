/**
 * The sandbox: loopback simulators of MCAS, Microsoft Graph's security alerts_v2, Entra ID's token
 * endpoint, AbuseIPDB and Jira Cloud, each on its own 127.0.0.1 port (so they look like different
 * hosts), with per-service fault injection and call statistics. Entra tokens carry the API they
 * were issued for, and MCAS and Graph each accept only their own. Everything the simulators answer
 * follows docs/reference/external-apis.md.
 */
import { AbuseIpdbSim } from './abuseipdb';
import { EntraSim } from './entra';
import { GraphSim } from './graph';
import type { CallStats, FaultOptions } from './http-kit';
import { JiraSim } from './jira';
import { McasSim } from './mcas';

export type { FaultOptions, CallStats } from './http-kit';
export { McasSim } from './mcas';
export type { RawMcasAlert, McasEntraApp } from './mcas';
export { GraphSim } from './graph';
export type { RawGraphAlert, GraphBearer, GraphDirectory, GraphRequestSeen } from './graph';
export { EntraSim } from './entra';
export type { EntraApp, IssuedToken, TokenResource } from './entra';
export { AbuseIpdbSim } from './abuseipdb';
export type { AbuseIpdbCheckData, AbuseIpdbReport } from './abuseipdb';
export { JiraSim } from './jira';
export type { JiraIssueSnapshot, RejectPredicate } from './jira';
export { SANDBOX_JIRA_ADMIN, NIST_CATEGORIES } from './jira-catalogue';
export type { JiraUser, CustomFieldType } from './jira-catalogue';

export type ServiceName = 'mcas' | 'graph' | 'entra' | 'abuseipdb' | 'jira';

export interface SandboxOptions {
  faults?: Partial<Record<ServiceName, FaultOptions>>;
  /** Per tenant, sliding minute; default 30 as Microsoft documents; 0 = unlimited. */
  mcasRequestsPerMinute?: number;
  /** Per directory and app, sliding minute; default 150 as Microsoft documents; 0 = unlimited. */
  graphRequestsPerMinute?: number;
  /** Default 1000, the free plan's `check` quota. */
  abuseIpdbDailyLimit?: number;
  /** The simulators' clock (throttle windows, quota days, issue times). Default Date.now. */
  now?: () => number;
  /** A link per issue on the Jira HTML pages, e.g. to the local issue panel host. */
  issuePanelUrl?: (issueKey: string) => string;
}

export interface Sandbox {
  mcas: McasSim;
  /** Graph's security alerts_v2: its `url` is the Graph origin (graph.microsoft.com). */
  graph: GraphSim;
  /** Entra ID's token endpoint: its `url` is the login base URL (login.microsoftonline.com). */
  entra: EntraSim;
  abuseipdb: AbuseIpdbSim;
  jira: JiraSim;
  setFaults(service: ServiceName, faults: FaultOptions | undefined): void;
  /** Calls per service since start/reset, faulted ones included; also per "METHOD /pattern". */
  stats(): Record<ServiceName, CallStats>;
  resetStats(): void;
  close(): Promise<void>;
}

export const SERVICE_NAMES: readonly ServiceName[] = [
  'mcas',
  'graph',
  'entra',
  'abuseipdb',
  'jira',
];

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const now = options.now ?? (() => Date.now());
  const entra = await EntraSim.start({ now });
  const [mcas, graph, abuseipdb, jira] = await Promise.all([
    McasSim.start({
      requestsPerMinute: options.mcasRequestsPerMinute ?? 30,
      now,
      verifyBearer: (accessToken) => {
        const issued = entra.verify(accessToken);
        return issued?.resource === 'mcas' ? issued : undefined;
      },
    }),
    // Graph sees every issued token so it can answer another API's token as "Invalid audience".
    GraphSim.start({
      requestsPerMinute: options.graphRequestsPerMinute ?? 150,
      now,
      verifyBearer: (accessToken) => entra.verify(accessToken),
    }),
    AbuseIpdbSim.start({ dailyLimit: options.abuseIpdbDailyLimit ?? 1000, now }),
    JiraSim.start({ now, issuePanelUrl: options.issuePanelUrl }),
  ]);
  const servers = {
    mcas: mcas.server,
    graph: graph.server,
    entra: entra.server,
    abuseipdb: abuseipdb.server,
    jira: jira.server,
  };
  for (const service of SERVICE_NAMES) servers[service].setFaults(options.faults?.[service]);
  return {
    mcas,
    graph,
    entra,
    abuseipdb,
    jira,
    setFaults: (service, faults) => servers[service].setFaults(faults),
    stats: () => ({
      mcas: servers.mcas.callStats(),
      graph: servers.graph.callStats(),
      entra: servers.entra.callStats(),
      abuseipdb: servers.abuseipdb.callStats(),
      jira: servers.jira.callStats(),
    }),
    resetStats: () => SERVICE_NAMES.forEach((service) => servers[service].resetStats()),
    close: async () => {
      await Promise.all(SERVICE_NAMES.map((service) => servers[service].close()));
    },
  };
}
