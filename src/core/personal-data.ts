/**
 * The Atlassian account ids the app stores, and what it does when Atlassian says one is closed.
 *
 * Forge's user privacy guide (docs/security.md, "Personal data reporting") asks an app that
 * stores account ids to report them regularly (`privacy.reportPersonalData`) and to erase the
 * personal data of every account the answer marks `closed`. The app stores account ids in two
 * places: a triage rule's "set assignee" action, and the claim of a failed alert an admin
 * dismissed (`dismissedBy`, listed by the `dismissal:` index: who dismissed what is an audit
 * trail worth keeping while the account exists). It stores no names, e-mails or avatars of
 * Atlassian users, so an `updated` answer has nothing to refresh: the id is still right.
 */
import { z } from 'zod';
import type { ProjectConfig } from './config';

/** What the app last reported per account id of one project: when it started storing it. */
export const ReportedAccounts = z.object({
  /** accountId → ISO time the app first stored that id (the `updatedAt` it reports). */
  accounts: z.record(z.string(), z.string()),
});
export type ReportedAccounts = z.infer<typeof ReportedAccounts>;

/** `dismissal:<project>:<tenant>:<alert>`: who dismissed that failed alert, and when. */
export const Dismissal = z.object({
  accountId: z.string(),
  tenantId: z.string(),
  alertId: z.string(),
  at: z.number().int(),
});
export type Dismissal = z.infer<typeof Dismissal>;

export interface AccountReport {
  accountId: string;
  updatedAt: string;
}

export type AccountStatus = 'updated' | 'closed';

/** Every account id the project's configuration holds, each once. */
export function storedAccountIds(config: ProjectConfig): string[] {
  const ids = new Set<string>();
  for (const rule of config.rules) {
    if (rule.actions.assignee !== undefined) ids.add(rule.actions.assignee);
  }
  return [...ids].sort();
}

/**
 * The report for one project: ids it already reported keep their time, new ids take `now`, and
 * ids neither the configuration nor a dismissal holds any more are dropped (nothing is stored
 * for them).
 */
export function accountsToReport(
  config: ProjectConfig,
  previous: ReportedAccounts | undefined,
  now: Date,
  dismissers: Iterable<string> = [],
): ReportedAccounts {
  const accounts: Record<string, string> = {};
  const ids = [...new Set([...storedAccountIds(config), ...dismissers])].sort();
  for (const id of ids) {
    accounts[id] = previous?.accounts[id] ?? now.toISOString();
  }
  return { accounts };
}

/**
 * One entry per account across projects, with the earliest time any project stored it: the API
 * takes a list of accounts, not of (project, account) pairs.
 */
export function mergeReports(reports: ReportedAccounts[]): AccountReport[] {
  const earliest = new Map<string, string>();
  for (const { accounts } of reports) {
    for (const [accountId, updatedAt] of Object.entries(accounts)) {
      const known = earliest.get(accountId);
      if (known === undefined || updatedAt < known) earliest.set(accountId, updatedAt);
    }
  }
  return [...earliest]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([accountId, updatedAt]) => ({ accountId, updatedAt }));
}

export interface ForgottenAccounts {
  config: ProjectConfig;
  /** Names of the rules whose assignee was removed. */
  rules: string[];
}

/**
 * Erases closed accounts from a project's rules: the "set assignee" action goes, the rest of the
 * rule stays (its priority, category or labels still apply; an issue is simply not assigned).
 */
export function forgetAccounts(
  config: ProjectConfig,
  closed: ReadonlySet<string>,
): ForgottenAccounts {
  const rules: string[] = [];
  const nextRules = config.rules.map((rule) => {
    const assignee = rule.actions.assignee;
    if (assignee === undefined || !closed.has(assignee)) return rule;
    rules.push(rule.name);
    const { assignee: _erased, ...actions } = rule.actions;
    return { ...rule, actions };
  });
  return { config: rules.length === 0 ? config : { ...config, rules: nextRules }, rules };
}
