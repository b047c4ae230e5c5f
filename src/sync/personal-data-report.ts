/**
 * The weekly personal-data cycle (docs/security.md, "Personal data reporting"): report every
 * account id the app stores (the projects' rule assignees and the admins who dismissed failed
 * alerts), then erase the closed ones: from the rules, and from the dismissed claims, which keep
 * their dismissal as "dismissed by a former user".
 *
 * Cost per cycle: one KVS read of each project's config and report record, one query page per
 * 100 dismissals, one write of each record that changed, one config write per project that held
 * a closed assignee, a batch read and write of the claims a closed account dismissed, and one API
 * call per 90 accounts (the API's page size; the Forge adapter pages).
 */
import type { ProjectConfig, ProjectId } from '../core/config';
import type { AccountReport, ReportedAccounts } from '../core/personal-data';
import {
  Dismissal,
  ReportedAccounts as ReportedAccountsSchema,
  accountsToReport,
  forgetAccounts,
  mergeReports,
  storedAccountIds,
} from '../core/personal-data';
import { keys } from '../core/storage-keys';
import type { Clock, Logger, PersonalDataReporter, Store, StoredEntry } from '../ports';
import { createClaimLedger } from './claim-ledger';
import { listProjects, loadProject, saveProject } from './repository';

export interface PersonalDataCycle {
  projects: number;
  reported: number;
  closed: number;
  /** Rules whose assignee was erased, across projects. */
  rulesChanged: number;
  /** Dismissed claims whose dismissing admin was erased, across projects. */
  dismissalsErased: number;
}

export interface PersonalDataPorts {
  store: Store;
  reporter: PersonalDataReporter;
  clock: Clock;
  logger: Logger;
}

interface ProjectAccounts {
  config: ProjectConfig;
  record: ReportedAccounts;
  dismissals: StoredEntry<Dismissal>[];
}

export async function reportPersonalData(ports: PersonalDataPorts): Promise<PersonalDataCycle> {
  const { store, reporter, clock, logger } = ports;
  const now = new Date(clock.now());
  const projects = await listProjects(store);
  const held: ProjectAccounts[] = [];
  for (const config of projects) {
    const key = keys.reportedAccounts(config.projectId);
    const previous = await store.get(key, ReportedAccountsSchema);
    const dismissals = await listDismissals(store, config.projectId);
    const dismissers = dismissals.map(({ value }) => value.accountId);
    const record = accountsToReport(config, previous, now, dismissers);
    if (JSON.stringify(record) !== JSON.stringify(previous)) await store.set(key, record);
    held.push({ config, record, dismissals });
  }
  const accounts: AccountReport[] = mergeReports(held.map(({ record }) => record));
  // An error here (the API down, a 5xx) throws: the next weekly run reports again, and nothing
  // was changed meanwhile.
  const answers = accounts.length === 0 ? [] : await reporter.report(accounts);
  const closed = new Set(answers.filter((a) => a.status === 'closed').map((a) => a.accountId));
  let rulesChanged = 0;
  let dismissalsErased = 0;
  for (const project of held) {
    if (!Object.keys(project.record.accounts).some((id) => closed.has(id))) continue;
    rulesChanged += await eraseFromRules(store, project.config, closed);
    dismissalsErased += await eraseFromDismissals(store, project, closed, clock.now());
    const remaining = Object.entries(project.record.accounts).filter(([id]) => !closed.has(id));
    await store.set(keys.reportedAccounts(project.config.projectId), {
      accounts: Object.fromEntries(remaining),
    });
  }
  const cycle = {
    projects: projects.length,
    reported: accounts.length,
    closed: closed.size,
    rulesChanged,
    dismissalsErased,
  };
  // Counts only: an account id is itself personal data and stays out of the logs.
  logger.info('Personal data reported', { ...cycle });
  return cycle;
}

/** Every dismissal of a project, all pages. */
async function listDismissals(
  store: Store,
  projectId: ProjectId,
): Promise<StoredEntry<Dismissal>[]> {
  const entries: StoredEntry<Dismissal>[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.query(keys.dismissalPrefix(projectId), Dismissal, { cursor });
    entries.push(...page.entries);
    cursor = page.cursor;
  } while (cursor !== undefined);
  return entries;
}

async function eraseFromRules(
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
  return rules.length;
}

/**
 * The claims a closed account dismissed lose its id (through the claim ledger) and then their
 * index entries: a failure between the two leaves an entry that the next cycle reports and
 * erases again, never an id that is no longer reported.
 */
async function eraseFromDismissals(
  store: Store,
  { config, dismissals }: ProjectAccounts,
  closed: ReadonlySet<string>,
  now: number,
): Promise<number> {
  const byTenant = new Map<string, StoredEntry<Dismissal>[]>();
  for (const entry of dismissals) {
    if (!closed.has(entry.value.accountId)) continue;
    byTenant.set(entry.value.tenantId, [...(byTenant.get(entry.value.tenantId) ?? []), entry]);
  }
  let erased = 0;
  for (const [tenantId, entries] of byTenant) {
    const ledger = createClaimLedger(store, { projectId: config.projectId, tenantId });
    const alertIds = entries.map(({ value }) => value.alertId);
    erased += await ledger.forgetDismissers(alertIds, closed, now);
    for (const { key } of entries) await store.delete(key);
  }
  return erased;
}
