/**
 * The weekly personal-data cycle (docs/security.md, "Personal data reporting"): report every
 * account id the projects' rules hold, then erase the closed ones from those rules.
 *
 * Cost per cycle: one KVS read of each project's config and report record, one write of each
 * record that changed, one config write per project that held a closed account, and one API call
 * per 90 accounts (the API's page size; the Forge adapter pages).
 */
import type { ProjectConfig } from '../core/config';
import type { AccountReport, ReportedAccounts } from '../core/personal-data';
import {
  ReportedAccounts as ReportedAccountsSchema,
  accountsToReport,
  forgetAccounts,
  mergeReports,
  storedAccountIds,
} from '../core/personal-data';
import { keys } from '../core/storage-keys';
import type { Clock, Logger, PersonalDataReporter, Store } from '../ports';
import { listProjects, loadProject, saveProject } from './repository';

export interface PersonalDataCycle {
  projects: number;
  reported: number;
  closed: number;
  /** Rules whose assignee was erased, across projects. */
  rulesChanged: number;
}

export interface PersonalDataPorts {
  store: Store;
  reporter: PersonalDataReporter;
  clock: Clock;
  logger: Logger;
}

export async function reportPersonalData(ports: PersonalDataPorts): Promise<PersonalDataCycle> {
  const { store, reporter, clock, logger } = ports;
  const now = new Date(clock.now());
  const projects = await listProjects(store);
  const records: Array<{ config: ProjectConfig; record: ReportedAccounts }> = [];
  for (const config of projects) {
    const key = keys.reportedAccounts(config.projectId);
    const previous = await store.get(key, ReportedAccountsSchema);
    const record = accountsToReport(config, previous, now);
    if (JSON.stringify(record) !== JSON.stringify(previous)) await store.set(key, record);
    records.push({ config, record });
  }
  const accounts: AccountReport[] = mergeReports(records.map(({ record }) => record));
  // An error here (the API down, a 5xx) throws: the next weekly run reports again, and nothing
  // was changed meanwhile.
  const answers = accounts.length === 0 ? [] : await reporter.report(accounts);
  const closed = new Set(answers.filter((a) => a.status === 'closed').map((a) => a.accountId));
  let rulesChanged = 0;
  for (const { config } of records) rulesChanged += await eraseFromProject(store, config, closed);
  const cycle = {
    projects: projects.length,
    reported: accounts.length,
    closed: closed.size,
    rulesChanged,
  };
  // Counts only: an account id is itself personal data and stays out of the logs.
  logger.info('Personal data reported', { ...cycle });
  return cycle;
}

async function eraseFromProject(
  store: Store,
  listed: ProjectConfig,
  closed: ReadonlySet<string>,
): Promise<number> {
  if (!storedAccountIds(listed).some((id) => closed.has(id))) return 0;
  // Read again just before writing: an admin may have saved the settings since the listing.
  const current = await loadProject(store, listed.projectId);
  if (!current) return 0;
  const { config, rules } = forgetAccounts(current, closed);
  if (rules.length === 0) return 0;
  await saveProject(store, config);
  const key = keys.reportedAccounts(config.projectId);
  const record = await store.get(key, ReportedAccountsSchema);
  if (record) {
    for (const id of closed) delete record.accounts[id];
    await store.set(key, record);
  }
  return rules.length;
}
