/**
 * The report resolver (project page "Alert reports", dashboard gadget) as plain functions:
 * parse with the contract → require BROWSE_PROJECTS on the project, asked of Jira as the caller →
 * read the report as the caller (Jira's search shows them only what they may browse) → answer.
 */
import { REPORT_RESOLVERS, browseReportContract, operationsContract } from '../contract/reports';
import type { ReportResolverName } from '../contract/reports';
import { operationsReport } from '../sync/reports/operations-report';
import { projectReport } from '../sync/reports/project-report';
import { requireProjectAdmin, requireProjectBrowser, userJira } from './authorize';
import { defineResolvers } from './handler';
import type { ApiPorts, Caller, Handler } from './ports';

export type ReportApi = Record<ReportResolverName, Handler>;

/**
 * Operational health (the settings page's Runs tab): run counts are the admins' view of the
 * app, so only admins of the context project may read them. Registered on the settings page's
 * resolver too, which is where the Runs tab calls it.
 */
export function createOperationsApi(ports: ApiPorts) {
  return defineResolvers(
    operationsContract,
    ports,
    (caller, policy) => requireProjectAdmin(ports, caller, policy),
    {
      [REPORT_RESOLVERS.getOperations]: (input, access) =>
        operationsReport(ports, access, input.days),
    },
  );
}

export function createReportApi(ports: ApiPorts): ReportApi {
  // The project is known only once the request is parsed: the gadget names it.
  const browser = (caller: Caller, _policy: unknown, input: { projectKey?: string | undefined }) =>
    requireProjectBrowser(ports, caller, input.projectKey);

  return {
    ...createOperationsApi(ports),
    ...defineResolvers(browseReportContract, ports, browser, {
      [REPORT_RESOLVERS.getReport]: (input, access) =>
        projectReport(
          {
            jira: userJira(ports),
            store: ports.store,
            clock: ports.clock,
            logger: ports.logger,
          },
          {
            projectId: access.projectId,
            projectKey: access.projectKey,
            period: input.period,
            buckets: input.buckets,
            maliciousThreshold: input.maliciousThreshold,
            ...(input.refresh !== undefined ? { refresh: input.refresh } : {}),
          },
        ),
    }),
  };
}
