/**
 * The issue panel's resolvers: names, request and response schemas. The issue always comes from
 * the trusted resolver context (the issue the panel is open on), never from a payload.
 */
import { z } from 'zod';
import { AlertProperty, IpFinding, IpRange } from '../core/model';
import { IpAddressInput, QuotaView } from './common';
import { EmptyRequest, resolverSpec } from './result';

export const PANEL_RESOLVERS = {
  getIssueView: 'panel.getIssueView',
  recheck: 'panel.recheck',
  lookup: 'panel.lookup',
} as const;
export type PanelResolverName = (typeof PANEL_RESOLVERS)[keyof typeof PANEL_RESOLVERS];

/** An IP found in an issue the app did not create. */
export const FoundIp = z
  .object({
    ip: z.string(),
    range: IpRange,
    /** False for private and special-purpose ranges: never sent to AbuseIPDB. */
    lookupable: z.boolean(),
  })
  .strict();
export type FoundIp = z.infer<typeof FoundIp>;

export const IssueView = z.discriminatedUnion('kind', [
  z
    .object({
      /** The app created this issue: it carries the `mcas.alert` property. */
      kind: z.literal('alert'),
      issueKey: z.string(),
      alert: AlertProperty,
      tenantName: z.string().optional(),
      /** The alert in the MCAS or Defender portal; only a link on Defender's own hosts. */
      alertUrl: z.url({ protocol: /^https$/ }).optional(),
      /**
       * An alert address on any other host (the issue property was edited, or the alert said so):
       * shown as text with a warning, never as a link.
       */
      unverifiedAlertUrl: z.string().max(2000).optional(),
      users: z.array(z.string()),
      findings: z.array(IpFinding),
      /** Whether the project has an AbuseIPDB key, so "Re-check" can explain itself. */
      keyConfigured: z.boolean(),
      /** Whether re-checks also update a mapped Reported IPs field. */
      reportedIpsMapped: z.boolean(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('other'),
      issueKey: z.string(),
      /** IPv4 and IPv6 addresses found in the summary and description, in order found. */
      ips: z.array(FoundIp),
      keyConfigured: z.boolean(),
    })
    .strict(),
]);
export type IssueView = z.infer<typeof IssueView>;

/** Re-check one IP of the issue, or all of its public IPs when `ip` is absent. */
export const RecheckRequest = z.object({ ip: IpAddressInput.optional() }).strict();
export const RecheckResponse = z
  .object({
    /** Every finding of the issue after the re-check (the stored enrichment). */
    findings: z.array(IpFinding),
    /** One sentence per changed IP, e.g. "150.129.8.24: score 12 → 87, reports 3 → 261". */
    changes: z.array(z.string()),
    commentAdded: z.boolean(),
    fieldUpdated: z.boolean(),
    quota: QuotaView,
  })
  .strict();
export type RecheckResponse = z.infer<typeof RecheckResponse>;

/** Look up IPs found in an issue the app did not create; writes nothing. Absent: all found. */
export const LookupRequest = z
  .object({ ips: z.array(IpAddressInput).min(1).max(50).optional() })
  .strict();
export const LookupResponse = z.object({ findings: z.array(IpFinding), quota: QuotaView }).strict();
export type LookupResponse = z.infer<typeof LookupResponse>;

export const panelContract = {
  [PANEL_RESOLVERS.getIssueView]: resolverSpec(EmptyRequest, IssueView),
  [PANEL_RESOLVERS.recheck]: resolverSpec(RecheckRequest, RecheckResponse),
  [PANEL_RESOLVERS.lookup]: resolverSpec(LookupRequest, LookupResponse),
};
export type PanelContract = typeof panelContract;
export type PanelRequest<N extends PanelResolverName> = z.input<PanelContract[N]['request']>;
export type PanelResponse<N extends PanelResolverName> = z.output<PanelContract[N]['response']>;
