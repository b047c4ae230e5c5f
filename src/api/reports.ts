/**
 * The report resolver (project page "Alert reports", dashboard gadget) as plain functions:
 * parse with the contract → require BROWSE_PROJECTS on the project, asked of Jira as the caller →
 * read the report as the caller (Jira's search shows them only what they may browse) → answer.
 */
import type { z } from 'zod';
import { REPORT_RESOLVERS, reportContract } from '../contract/reports';
import type { ReportResolverName } from '../contract/reports';
import { operationsReport } from '../sync/reports/operations-report';
import { projectReport } from '../sync/reports/project-report';
import { requireProjectAdmin, requireProjectBrowser, userJira } from './authorize';
import type { ProjectBrowseAccess } from './authorize';
import { defineHandler } from './handler';
import type { ApiPorts, Caller, Handler } from './ports';

export type ReportApi = Record<ReportResolverName, Handler>;

/**
 * Operational health (the settings page's Runs tab): run counts are the admins' view of the
 * app, so only admins of the context project may read them. Registered on the settings page's
 * resolver too, which is where the Runs tab calls it.
 */
export function createOperationsHandler(ports: ApiPorts): Handler {
  return defineHandler(
    REPORT_RESOLVERS.getOperations,
    reportContract[REPORT_RESOLVERS.getOperations].request,
    ports,
    (caller, policy) => requireProjectAdmin(ports, caller, policy),
    (input, access) => operationsReport(ports, access, input.days),
  );
}

export function createReportApi(ports: ApiPorts): ReportApi {
  const define = <Req extends z.ZodType, Res>(
    name: ReportResolverName,
    request: Req,
    projectOf: (input: z.output<Req>) => string | undefined,
    run: (input: z.output<Req>, access: ProjectBrowseAccess) => Promise<Res>,
  ): Handler => {
    // The project is known only after parsing (the gadget names it), so the request is parsed
    // once here for its project; defineHandler parses again and owns the error answers.
    return async (payload: unknown, caller: Caller) => {
      const parsed = request.safeParse(payload ?? {});
      const requested = parsed.success ? projectOf(parsed.data) : undefined;
      const handler = defineHandler(
        name,
        request,
        ports,
        (who) => requireProjectBrowser(ports, who, requested),
        run,
      );
      return handler(payload, caller);
    };
  };

  return {
    [REPORT_RESOLVERS.getReport]: define(
      REPORT_RESOLVERS.getReport,
      reportContract[REPORT_RESOLVERS.getReport].request,
      (input) => input.projectKey,
      (input, access) =>
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
    ),
    [REPORT_RESOLVERS.getOperations]: createOperationsHandler(ports),
  };
}
