/** The reports' typed client on the report contract. */
import { REPORT_RESOLVERS, reportContract } from '../../../src/contract/reports';
import type { Client } from '../../shared/client';
import { createClient } from '../../shared/client';

export type ReportClient = Client<typeof reportContract>;

export function createReportClient(): ReportClient {
  return createClient(reportContract);
}

export const R = REPORT_RESOLVERS;
