/** Issue 13, finding 5: which account ids the app stores, and erasing the closed ones. */
import type { Rule } from '../../src/core/rules/schema';
import {
  accountsToReport,
  forgetAccounts,
  mergeReports,
  storedAccountIds,
} from '../../src/core/personal-data';
import { demoProjectConfig } from '../../sandbox/cli/demo-project';

const assignTo = (id: string, accountId: string): Rule => ({
  id,
  name: `Assign ${id}`,
  enabled: true,
  conditions: [{ type: 'minSeverity', severity: 'high' }],
  actions: { assignee: accountId, priority: 'High' },
});
const config = demoProjectConfig({
  rules: [assignTo('a', 'acc-1'), assignTo('b', 'acc-2'), assignTo('c', 'acc-1')],
});
const monday = new Date('2026-11-30T09:00:00Z');

test('the rule assignees are the only account ids stored, each listed once', () => {
  expect(storedAccountIds(config)).toEqual(['acc-1', 'acc-2']);
  expect(storedAccountIds(demoProjectConfig())).toEqual([]);
});

test('an id keeps the time it was first stored; a new id takes now; a removed id is dropped', () => {
  const previous = {
    accounts: { 'acc-1': '2026-11-01T00:00:00.000Z', gone: '2026-10-01T00:00:00.000Z' },
  };
  expect(accountsToReport(config, previous, monday)).toEqual({
    accounts: { 'acc-1': '2026-11-01T00:00:00.000Z', 'acc-2': '2026-11-30T09:00:00.000Z' },
  });
});

test('the admins who dismissed failed alerts are reported beside the assignees, each once', () => {
  const previous = { accounts: { 'admin-9': '2026-11-02T00:00:00.000Z' } };
  expect(accountsToReport(config, previous, monday, ['admin-9', 'acc-2', 'admin-9'])).toEqual({
    accounts: {
      'acc-1': '2026-11-30T09:00:00.000Z',
      'acc-2': '2026-11-30T09:00:00.000Z',
      'admin-9': '2026-11-02T00:00:00.000Z',
    },
  });
});

test('accounts stored by several projects are reported once, with the earliest time', () => {
  expect(
    mergeReports([
      { accounts: { 'acc-1': '2026-11-20T00:00:00.000Z', 'acc-2': '2026-11-02T00:00:00.000Z' } },
      { accounts: { 'acc-1': '2026-11-03T00:00:00.000Z' } },
    ]),
  ).toEqual([
    { accountId: 'acc-1', updatedAt: '2026-11-03T00:00:00.000Z' },
    { accountId: 'acc-2', updatedAt: '2026-11-02T00:00:00.000Z' },
  ]);
});

test('a closed account leaves every rule that assigned to it; the rest of each rule stays', () => {
  const { config: next, rules } = forgetAccounts(config, new Set(['acc-1']));
  expect(rules).toEqual(['Assign a', 'Assign c']);
  expect(next.rules.map((rule) => rule.actions)).toEqual([
    { priority: 'High' },
    { assignee: 'acc-2', priority: 'High' },
    { priority: 'High' },
  ]);
  expect(forgetAccounts(config, new Set(['someone-else'])).config).toBe(config);
});
