/**
 * The issue panel's resolvers as plain functions. Every one: parse with the contract → require
 * that the caller can see the context issue (read as the caller) → for a look-up, that they can
 * edit it → call the use case (src/sync/panel) → map its answer to the contract's view. The
 * AbuseIPDB key is used by the use cases and never answered.
 */
import { PANEL_RESOLVERS, panelContract } from '../contract/panel';
import type { IssueView, PanelResolverName } from '../contract/panel';
import { isDefenderAlertLink } from '../core/hosts';
import type { PanelIssueView } from '../sync/panel/issue-view';
import { readIssueView } from '../sync/panel/issue-view';
import { lookUpAddresses, recheckAddresses } from '../sync/panel/look-ups';
import { PANEL_PROPERTIES } from '../sync/panel/panel-issue';
import type { ResolverDeps } from '../sync/resolver-deps';
import type { RetryPolicy } from '../clients/retry';
import { requireIssueEditable, requireIssueVisible } from './authorize';
import { defineResolvers } from './handler';
import type { ApiOptions, ApiPorts, Handler } from './ports';

export type PanelApi = Record<PanelResolverName, Handler>;

export function createPanelApi(ports: ApiPorts, options: ApiOptions = {}): PanelApi {
  const visible = (caller: Parameters<Handler>[1], policy: RetryPolicy) =>
    requireIssueVisible(ports, caller, PANEL_PROPERTIES, policy);
  // `policy` carries the invocation's 25 s budget to every client a use case builds.
  const deps = (policy: RetryPolicy): ResolverDeps => ({ ...ports, policy, options });

  return defineResolvers(panelContract, ports, visible, {
    [PANEL_RESOLVERS.getIssueView]: async (_input, access) =>
      issueView(await readIssueView(ports, access)),

    // Permission first, then the app's own record, then the cooldown: nothing is looked up for
    // a caller who may not, or on addresses someone wrote into the issue property.
    [PANEL_RESOLVERS.recheck]: async ({ ip }, access, policy) => {
      await requireIssueEditable(ports, access, policy);
      return recheckAddresses(deps(policy), access, ip);
    },

    [PANEL_RESOLVERS.lookup]: async ({ ips }, access, policy) => {
      await requireIssueEditable(ports, access, policy);
      return lookUpAddresses(deps(policy), access, ips);
    },
  });
}

function issueView(view: PanelIssueView): IssueView {
  if (view.kind === 'other') return view;
  const { alertUrl, ...rest } = view;
  // Issue properties are editable by anyone who can edit the issue: only a link to Defender's
  // own hosts is offered as "Open the alert"; anything else is text.
  return { ...rest, ...alertLink(alertUrl) };
}

function alertLink(url: string | undefined): { alertUrl?: string; unverifiedAlertUrl?: string } {
  if (url === undefined) return {};
  if (isDefenderAlertLink(url)) return { alertUrl: url };
  return { unverifiedAlertUrl: url.slice(0, 2000) };
}
