/**
 * What a project admin configures (stored at `project:<projectId>`) and what a tenant is (stored
 * at `tenant:<projectId>:<tenantId>`). Secrets are not part of either: they live under
 * `secret:*` keys and only the backend reads them.
 */
import { z } from 'zod';
import { isGraphHost, isMcasPortalHost, isSecretUrl } from './hosts';
import { Severity } from './model';
import { Rule, UserList } from './rules/schema';
import { DEFAULT_WRITE_BACK, WriteBackSettings } from './write-back';

/** The alert values an admin can map to custom fields, in the order the settings page shows. */
export const FIELD_MAP_KEYS = [
  'alertUrl',
  'alertSummary',
  'alertDescription',
  'affectedUser',
  'ip',
  'reportedIps',
  'category',
] as const;
export type FieldMapKey = (typeof FIELD_MAP_KEYS)[number];

export const FIELD_MAP_LABELS: Record<FieldMapKey, string> = {
  alertUrl: 'Alert URL',
  alertSummary: 'Alert summary',
  alertDescription: 'Alert description',
  affectedUser: 'Affected user',
  ip: 'IP',
  reportedIps: 'Reported IPs',
  category: 'Incident category',
};

const fieldId = z
  .string()
  .regex(
    /^(customfield_\d{1,10}|[a-z][a-zA-Z]{0,40})$/,
    'must be a Jira field id such as customfield_10050',
  );

/** Alert value → Jira field id. Every entry is optional: unmapped values only go in the description. */
export const FieldMap = z
  .object({
    alertUrl: fieldId.optional(),
    alertSummary: fieldId.optional(),
    alertDescription: fieldId.optional(),
    affectedUser: fieldId.optional(),
    ip: fieldId.optional(),
    reportedIps: fieldId.optional(),
    category: fieldId.optional(),
  })
  .strict();
export type FieldMap = z.infer<typeof FieldMap>;

/** Severity → Jira priority (name or id). Unset severities leave Jira's default priority. */
export const PriorityMap = z
  .object({
    informational: z.string().min(1).max(100).optional(),
    low: z.string().min(1).max(100).optional(),
    medium: z.string().min(1).max(100).optional(),
    high: z.string().min(1).max(100).optional(),
  })
  .strict();
export type PriorityMap = z.infer<typeof PriorityMap>;

export const Schedule = z.enum(['fiveMinutes', 'hourly', 'daily', 'paused']);
export type Schedule = z.infer<typeof Schedule>;

/** MCAS resolutionStatusValue: 0 Open, 1 Dismissed, 2 Resolved, 3–5 Closed (FP, benign, TP). */
export const ResolutionStatus = z.number().int().min(0).max(5);

export const AlertFilters = z
  .object({
    minSeverity: Severity.default('informational'),
    resolutionStatuses: z.array(ResolutionStatus).min(1).max(6).default([0]),
    /** How far back the first run of a tenant looks. */
    firstRunLookbackDays: z.number().int().min(1).max(90).default(3),
  })
  .strict();
export type AlertFilters = z.infer<typeof AlertFilters>;

export const AbuseIpdbSettings = z
  .object({
    maxAgeInDays: z.number().int().min(1).max(365).default(90),
    cacheHours: z.number().int().min(0).max(168).default(24),
  })
  .strict();
export type AbuseIpdbSettings = z.infer<typeof AbuseIpdbSettings>;

const label = z.string().regex(/^\S{1,255}$/, 'labels cannot contain spaces');

/**
 * A Jira project's id. Everything the app stores is keyed by it, never by the project key: a key
 * can be renamed, and a renamed key can be given to another project.
 */
export const ProjectId = z
  .string()
  .regex(/^[0-9]{1,18}$/, 'must be a Jira project id')
  .brand<'ProjectId'>();
export type ProjectId = z.infer<typeof ProjectId>;

export const ProjectKey = z.string().regex(/^[A-Z][A-Z0-9_]{0,9}$/, 'must be a Jira project key');

export const ProjectConfig = z
  .object({
    projectId: ProjectId,
    /** For display, links and messages only; kept current when Jira reports a rename. */
    projectKey: ProjectKey,
    enabled: z.boolean().default(true),
    /** Set while Jira has the project in its trash (a project event): no sync runs meanwhile. */
    inTrash: z.boolean().default(false),
    /** Issue type name or id. */
    issueType: z.string().min(1).max(100),
    fields: FieldMap.default({}),
    priorities: PriorityMap.default({}),
    labels: z.array(label).max(20).default([]),
    filters: AlertFilters.default({
      minSeverity: 'informational',
      resolutionStatuses: [0],
      firstRunLookbackDays: 3,
    }),
    abuseipdb: AbuseIpdbSettings.default({ maxAgeInDays: 90, cacheHours: 24 }),
    schedule: Schedule.default('fiveMinutes'),
    rules: z.array(Rule).max(100).default([]),
    userLists: z.array(UserList).max(50).default([]),
    /** Resolution → closure map and the Defender → Jira transition (issue 16). */
    writeBack: WriteBackSettings.default(DEFAULT_WRITE_BACK),
  })
  .strict();
export type ProjectConfig = z.infer<typeof ProjectConfig>;

/** MCAS API URLs are `https://<tenant>.<region>.portal.cloudappsecurity.com/...`. */
export function isMcasApiUrl(
  value: string,
  options: { allowLoopback?: boolean | undefined } = {},
): boolean {
  return isSecretUrl(value, options, isMcasPortalHost);
}

/** The Graph endpoint the `graph` source reads; national clouds are not supported. */
export const GRAPH_BASE_URL = 'https://graph.microsoft.com';

/** The Microsoft Graph host, `https://graph.microsoft.com` (the client drops any path). */
export function isGraphApiUrl(
  value: string,
  options: { allowLoopback?: boolean | undefined } = {},
): boolean {
  return isSecretUrl(value, options, isGraphHost);
}

/**
 * Where a tenant's alerts are read. `mcas`: the Defender for Cloud Apps alerts API at the
 * tenant's portal URL. `graph`: Microsoft Graph security `alerts_v2`, filtered to Defender for
 * Cloud Apps, where Microsoft Defender lists its products' alerts; it only accepts an Entra app.
 */
export const TenantSource = z.enum(['mcas', 'graph']);
export type TenantSource = z.infer<typeof TenantSource>;

/** The field error for a Graph tenant that is not signed in with an Entra app. */
export const GRAPH_NEEDS_ENTRA = 'must be an Entra app: Microsoft Graph accepts no API token';

/**
 * The one home of the rule "Microsoft Graph accepts no API token": a Graph tenant signs in with
 * an Entra app. Checked by the tenant schema, the settings contract, the settings use case, the
 * sync (before a Graph token is asked for) and the CLI config.
 */
export function graphNeedsEntra(
  source: TenantSource | undefined,
  authMode: TenantAuthMode | undefined,
): boolean {
  return source === 'graph' && authMode === 'token';
}

/** The sign-in a tenant gets when none is chosen: Graph has only the Entra app. */
export function defaultAuthMode(source: TenantSource | undefined): TenantAuthMode {
  return source === 'graph' ? 'entra' : 'token';
}

export const MCAS_URL_MESSAGE =
  'must be the MCAS API URL, e.g. https://contoso.eu2.portal.cloudappsecurity.com/ (MCAS portal → Settings → About)';
export const GRAPH_URL_MESSAGE =
  'must be https://graph.microsoft.com for the Microsoft Graph source';

/** What a tenant URL must be for its source (`isTenantApiUrl`), in the words of a field error. */
export function tenantUrlMessage(source: TenantSource): string {
  return source === 'graph' ? GRAPH_URL_MESSAGE : MCAS_URL_MESSAGE;
}

/** Whether a tenant's URL fits its source (checked again before every sync and test). */
export function isTenantApiUrl(
  source: TenantSource,
  value: string,
  options: { allowLoopback?: boolean | undefined } = {},
): boolean {
  return source === 'graph' ? isGraphApiUrl(value, options) : isMcasApiUrl(value, options);
}

/**
 * How the app authenticates to a tenant's MCAS API. `token`: the legacy API token
 * (`Authorization: Token …`), which Microsoft calls "on a deprecation path". `entra`: an Entra app
 * registration's client-credentials token (`Authorization: Bearer …`), Microsoft's recommendation.
 * Either way the one secret (API token or client secret) is stored under `secret:tenant:<id>`.
 */
export const TenantAuthMode = z.enum(['token', 'entra']);
export type TenantAuthMode = z.infer<typeof TenantAuthMode>;

/**
 * The credential fields of a tenant add, update or test request, as the settings page sends them
 * (each optional: an update names only what changes). The contract checks their format; the
 * application layer resolves them against the stored tenant.
 */
export interface TenantAuthInput {
  source?: TenantSource | undefined;
  authMode?: TenantAuthMode | undefined;
  token?: string | undefined;
  entraTenantId?: string | undefined;
  clientId?: string | undefined;
  clientSecret?: string | undefined;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A DNS name with at least two labels, e.g. contoso.onmicrosoft.com. */
const DOMAIN = /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/**
 * The Entra directory the app registration lives in: its Directory (tenant) ID or one of its
 * verified domains, both of which `login.microsoftonline.com/<tenant>/…` accepts. It becomes a
 * path segment of the token URL, so nothing else is allowed.
 */
export const EntraTenantId = z
  .string()
  .trim()
  .max(253)
  .refine(
    (value) => GUID.test(value) || DOMAIN.test(value),
    'must be the Directory (tenant) ID, a GUID, or a verified domain such as contoso.onmicrosoft.com',
  );

/** The app registration's Application (client) ID. */
export const EntraClientId = z
  .string()
  .trim()
  .regex(GUID, 'must be the Application (client) ID, a GUID');

export const Tenant = z
  .object({
    /** Stable id chosen when the tenant is added; part of storage keys. */
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be lower-case letters, digits and dashes'),
    name: z.string().trim().min(1).max(100),
    /** Tenants stored before Graph support have no source: they use the MCAS API. */
    source: TenantSource.default('mcas'),
    /** The MCAS API URL, or for the `graph` source the Graph base URL. */
    url: z.url().max(300),
    /** Tenants stored before Entra support have no mode: they use an API token. */
    authMode: TenantAuthMode.default('token'),
    /** Entra mode only: where the app is registered. */
    entraTenantId: EntraTenantId.optional(),
    /** Entra mode only: which app registration. */
    clientId: EntraClientId.optional(),
    enabled: z.boolean().default(true),
    /**
     * Jira → Defender write-back and the Defender → Jira status check, off until an admin turns
     * it on: closing alerts needs a token that may change them (issue 16).
     */
    writeBack: z.boolean().default(false),
  })
  .strict()
  .superRefine((tenant, ctx) => {
    const entra = tenant.authMode === 'entra';
    if (graphNeedsEntra(tenant.source, tenant.authMode)) {
      ctx.addIssue({
        code: 'custom',
        path: ['authMode'],
        message: GRAPH_NEEDS_ENTRA,
      });
    }
    for (const field of ['entraTenantId', 'clientId'] as const) {
      if (entra && tenant[field] === undefined) {
        ctx.addIssue({ code: 'custom', path: [field], message: 'is required for an Entra app' });
      }
      if (!entra && tenant[field] !== undefined) {
        ctx.addIssue({ code: 'custom', path: [field], message: 'is only used with an Entra app' });
      }
    }
  });
export type Tenant = z.infer<typeof Tenant>;

/** How a mapped field wants its value: a plain string (single line) or ADF (multi-line), or a select option. */
export const FieldKind = z.enum(['string', 'adf', 'option', 'labels']);
export type FieldKind = z.infer<typeof FieldKind>;

/**
 * The project config resolved against Jira once per run: ids instead of names and each mapped
 * field's kind read from the create screen. Payloads are built from this, never from guesses.
 */
export const JiraTarget = z.object({
  projectId: z.string(),
  issueTypeId: z.string(),
  /** Issue types by lower-cased name and by id, for rules that change the type. */
  issueTypeIds: z.record(z.string(), z.string()),
  fields: z.record(z.string(), z.object({ id: z.string(), kind: FieldKind, name: z.string() })),
  /** Priority ids by lower-cased name and by id. */
  priorityIds: z.record(z.string(), z.string()),
  priorities: PriorityMap,
  labels: z.array(z.string()),
});
export type JiraTarget = z.infer<typeof JiraTarget>;
