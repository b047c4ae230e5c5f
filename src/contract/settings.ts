/**
 * The settings page's resolvers: names, request and response schemas. Shared by the backend
 * (`src/api/settings`) and the settings UI's typed client. Every request is a strict object with
 * bounded strings; the project always comes from the trusted resolver context, never a payload.
 */
import { z } from 'zod';
import {
  DeleteAbuseIpdbKeyRequest,
  DeleteAbuseIpdbKeyResponse,
  PurgeProjectDataRequest,
  PurgeProjectDataResponse,
} from './project-data';
import {
  AbuseIpdbSettings,
  AlertFilters,
  EntraClientId,
  EntraTenantId,
  FIELD_MAP_KEYS,
  FieldMap,
  GRAPH_NEEDS_ENTRA,
  GRAPH_URL_MESSAGE,
  MCAS_URL_MESSAGE,
  defaultAuthMode,
  graphNeedsEntra,
  tenantUrlMessage,
  PriorityMap,
  ProjectConfig,
  Schedule,
  Tenant,
  TenantAuthMode,
  TenantSource,
  isTenantApiUrl,
  type TenantAuthInput,
} from '../core/config';
import { AlertId } from '../core/alert-id';
import { RunSummary, Severity } from '../core/model';
import { Rule, UserList } from '../core/rules/schema';
import { QuotaView, SecretHintView } from './common';
import { EmptyRequest, resolverSpec, shortString } from './result';

export const SETTINGS_RESOLVERS = {
  getOverview: 'settings.getOverview',
  saveConfig: 'settings.saveConfig',
  addTenant: 'settings.addTenant',
  updateTenant: 'settings.updateTenant',
  setTenantEnabled: 'settings.setTenantEnabled',
  deleteTenant: 'settings.deleteTenant',
  testTenant: 'settings.testTenant',
  setAbuseIpdbKey: 'settings.setAbuseIpdbKey',
  testAbuseIpdbKey: 'settings.testAbuseIpdbKey',
  getJiraMeta: 'settings.getJiraMeta',
  syncNow: 'settings.syncNow',
  listRuns: 'settings.listRuns',
  listFailedAlerts: 'settings.listFailedAlerts',
  retryFailedAlerts: 'settings.retryFailedAlerts',
  dismissFailedAlerts: 'settings.dismissFailedAlerts',
  previewRules: 'settings.previewRules',
  deleteAbuseIpdbKey: 'settings.deleteAbuseIpdbKey',
  purgeProjectData: 'settings.purgeProjectData',
  getWriteBackMeta: 'settings.getWriteBackMeta',
} as const;
export type SettingsResolverName = (typeof SETTINGS_RESOLVERS)[keyof typeof SETTINGS_RESOLVERS];

export interface ContractOptions {
  /**
   * Accept `http://127.0.0.1` / `localhost` tenant URLs. Only the local sandbox host turns this
   * on, server-side; on Forge it is always off and no payload can change it.
   */
  allowLoopbackMcas?: boolean | undefined;
}

/** The tenant URL rule's words live with the rule (core/config.ts). */
export { GRAPH_URL_MESSAGE, MCAS_URL_MESSAGE, tenantUrlMessage };

const TenantUrlInput = z.string().trim().min(1, 'is required').max(300);

/**
 * The URL must fit the tenant's source. When a request does not name the source (an update or
 * test that keeps the stored one) either kind passes here and the server checks it against the
 * stored source.
 */
function checkTenantUrl(
  value: { source?: TenantSource | undefined; url?: string | undefined },
  ctx: z.RefinementCtx,
  options: ContractOptions,
  defaultSource: TenantSource | undefined,
): void {
  if (value.url === undefined) return;
  const url = value.url;
  const source = value.source ?? defaultSource;
  const sources: TenantSource[] = source ? [source] : ['mcas', 'graph'];
  const allowLoopback = options.allowLoopbackMcas === true;
  if (!sources.some((candidate) => isTenantApiUrl(candidate, url, { allowLoopback }))) {
    ctx.addIssue({ code: 'custom', path: ['url'], message: tenantUrlMessage(source ?? 'mcas') });
  }
}

export const TenantId = Tenant.shape.id;
/** A stored alert id (core/alert-id.ts). */
export { AlertId };
/** Tokens are written, never read back. Whitespace pasted around them is dropped. */
export const SecretInput = z.string().trim().min(1, 'is required').max(2000);
/** The Entra app's ids as typed: "is required" when left empty, else the format rule. */
export const EntraTenantIdInput = z.string().trim().min(1, 'is required').pipe(EntraTenantId);
export const EntraClientIdInput = z.string().trim().min(1, 'is required').pipe(EntraClientId);

/**
 * The credential fields a tenant request may carry: `token` for an API token; `entraTenantId`,
 * `clientId` and `clientSecret` for an Entra app. `authMode` absent means "as stored" on update
 * and test, and `token` on add.
 */
const tenantAuthFields = {
  authMode: TenantAuthMode.optional(),
  token: SecretInput.optional(),
  entraTenantId: EntraTenantIdInput.optional(),
  clientId: EntraClientIdInput.optional(),
  clientSecret: SecretInput.optional(),
};
const ENTRA_FIELDS = ['entraTenantId', 'clientId', 'clientSecret'] as const;

/**
 * Field-level rules of the credential fields. `complete`: every field of the mode is required
 * (adding, or testing a tenant not added yet); otherwise absent fields keep what is stored.
 */
function checkTenantAuth(value: TenantAuthInput, ctx: z.RefinementCtx, complete: boolean): void {
  const mode = value.authMode ?? (complete ? defaultAuthMode(value.source) : undefined);
  if (graphNeedsEntra(value.source, mode)) {
    ctx.addIssue({
      code: 'custom',
      path: ['authMode'],
      message: GRAPH_NEEDS_ENTRA,
    });
  }
  const entraGiven = ENTRA_FIELDS.filter((field) => value[field] !== undefined);
  if (mode === 'token' || (mode === undefined && value.token !== undefined)) {
    for (const field of entraGiven) {
      ctx.addIssue({ code: 'custom', path: [field], message: 'is only used with an Entra app' });
    }
  }
  if (mode === 'entra' || (mode === undefined && entraGiven.length > 0)) {
    if (value.token !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['token'], message: 'is only used with an API token' });
    }
  }
  if (!complete) return;
  const required = mode === 'entra' ? ENTRA_FIELDS : (['token'] as const);
  for (const field of required) {
    if (value[field] === undefined) {
      ctx.addIssue({ code: 'custom', path: [field], message: 'is required' });
    }
  }
}

/** The project config as the page edits it: the project key comes from the context. */
export const ProjectConfigInput = ProjectConfig.omit({
  projectId: true,
  projectKey: true,
  inTrash: true,
});
export type ProjectConfigInput = z.input<typeof ProjectConfigInput>;

export const RunBrief = RunSummary.pick({
  runId: true,
  startedAt: true,
  finishedAt: true,
  status: true,
  fetched: true,
  created: true,
  failed: true,
});

export const TenantView = z
  .object({
    id: TenantId,
    name: z.string(),
    source: TenantSource,
    url: z.string(),
    authMode: Tenant.shape.authMode,
    /** Entra app tenants only. */
    entraTenantId: z.string().optional(),
    clientId: z.string().optional(),
    enabled: z.boolean(),
    /** Closes alerts in Defender when their issues are resolved, and reads Defender's status back. */
    writeBack: z.boolean().optional(),
    /** The stored secret, whichever the mode: the API token or the Entra app's client secret. */
    token: SecretHintView,
    lastRun: RunBrief.optional(),
    /** The first error of the latest run when it was not clean. */
    lastError: z.string().optional(),
  })
  .strict();
export type TenantView = z.infer<typeof TenantView>;

export const Overview = z
  .object({
    projectKey: z.string(),
    /** Null until the project is configured for the first time. */
    config: ProjectConfig.nullable(),
    tenants: z.array(TenantView),
    abuseIpdbKey: SecretHintView,
    /** Mirrors the server's option so inline validation matches what the server accepts. */
    allowLoopbackMcas: z.boolean(),
  })
  .strict();
export type Overview = z.infer<typeof Overview>;

export const SaveConfigRequest = z.object({ config: ProjectConfigInput }).strict();
export const SaveConfigResponse = z.object({ config: ProjectConfig }).strict();

function addTenantRequest(options: ContractOptions) {
  return z
    .object({
      /** Optional: derived from the name when absent. Part of storage keys, so never changes. */
      id: TenantId.optional(),
      name: shortString(100),
      /** Absent: the MCAS API. */
      source: TenantSource.optional(),
      /** Required for the MCAS API; the Graph source defaults to https://graph.microsoft.com. */
      url: TenantUrlInput.optional(),
      enabled: z.boolean().optional(),
      writeBack: z.boolean().optional(),
      ...tenantAuthFields,
    })
    .strict()
    .superRefine((value, ctx) => {
      if (value.url === undefined && value.source !== 'graph')
        ctx.addIssue({ code: 'custom', path: ['url'], message: 'is required' });
      checkTenantUrl(value, ctx, options, 'mcas');
      checkTenantAuth(value, ctx, true);
    });
}

function updateTenantRequest(options: ContractOptions) {
  return z
    .object({
      tenantId: TenantId,
      name: shortString(100).optional(),
      /**
       * Switching a tenant to Graph (or back) keeps its claims and checkpoint: Graph names a
       * Defender for Cloud Apps alert by its MCAS id (`providerAlertId`), so nothing is imported twice.
       */
      source: TenantSource.optional(),
      url: TenantUrlInput.optional(),
      /** Write-back on or off (issue 16); absent keeps it. */
      writeBack: z.boolean().optional(),
      /**
       * Absent secret or ids: keep the stored ones. Switching `authMode` needs every field of
       * the new mode, which the server checks against the stored tenant.
       */
      ...tenantAuthFields,
    })
    .strict()
    .superRefine((value, ctx) => {
      checkTenantUrl(value, ctx, options, undefined);
      checkTenantAuth(value, ctx, false);
    });
}

export const TenantResponse = z.object({ tenant: TenantView }).strict();
export const SetTenantEnabledRequest = z
  .object({ tenantId: TenantId, enabled: z.boolean() })
  .strict();
export const DeleteTenantRequest = z.object({ tenantId: TenantId }).strict();
export const DeleteTenantResponse = z.object({ deleted: TenantId }).strict();

/**
 * Test a stored tenant (`tenantId`), a stored tenant with unsaved changes (`tenantId` + `url`
 * and/or credential fields), or a tenant not yet added (`url` + a token or an Entra app).
 */
function testTenantRequest(options: ContractOptions) {
  return z
    .object({
      tenantId: TenantId.optional(),
      source: TenantSource.optional(),
      url: TenantUrlInput.optional(),
      ...tenantAuthFields,
    })
    .strict()
    .superRefine((value, ctx) => {
      const complete = value.tenantId === undefined;
      if (complete && value.url === undefined && value.source !== 'graph')
        ctx.addIssue({ code: 'custom', path: ['url'], message: 'is required' });
      checkTenantUrl(value, ctx, options, complete ? 'mcas' : undefined);
      checkTenantAuth(value, ctx, complete);
    });
}

export const TEST_TENANT_PROBLEMS = [
  'wrongToken',
  'unreachable',
  'notMcasUrl',
  'rateLimited',
  'rejected',
  'unexpectedAnswer',
] as const;
/** `wrongToken`: the API token, or the Entra app's ids or client secret, were refused. */
export const TestTenantResponse = z.discriminatedUnion('outcome', [
  z
    .object({
      outcome: z.literal('connected'),
      /** Open alerts MCAS reports for the tenant (its `total`). */
      openAlerts: z.number().int().nonnegative(),
      /** MCAS says the real count is higher than `openAlerts` (`moreThanTotal`). */
      moreThan: z.boolean(),
      /**
       * Whether the credential may close alerts (write-back, issue 16), found with a closure of
       * an id that names no alert; `message` says why not, naming the missing permission.
       */
      canClose: z.object({ allowed: z.boolean(), message: z.string() }).strict().optional(),
    })
    .strict(),
  z
    .object({
      outcome: z.literal('failed'),
      problem: z.enum(TEST_TENANT_PROBLEMS),
      message: z.string(),
    })
    .strict(),
]);
export type TestTenantResponse = z.infer<typeof TestTenantResponse>;

export const SetAbuseIpdbKeyRequest = z.object({ apiKey: SecretInput }).strict();
export const SetAbuseIpdbKeyResponse = z.object({ keyHint: SecretHintView }).strict();
/** Test the stored key, or a key typed but not saved yet. */
export const TestAbuseIpdbKeyRequest = z.object({ apiKey: SecretInput.optional() }).strict();
export const TestAbuseIpdbKeyResponse = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('valid'), quota: QuotaView }).strict(),
  z
    .object({
      outcome: z.literal('failed'),
      problem: z.enum(['notSet', 'wrongKey', 'quotaExhausted', 'unreachable', 'unexpectedAnswer']),
      message: z.string(),
      quota: QuotaView.optional(),
    })
    .strict(),
]);
export type TestAbuseIpdbKeyResponse = z.infer<typeof TestAbuseIpdbKeyResponse>;

export const GetJiraMetaRequest = z
  .object({
    issueTypeId: z
      .string()
      .regex(/^\d{1,18}$/, 'is not an issue type id')
      .optional(),
  })
  .strict();
export const FieldMapKeySchema = z.enum(FIELD_MAP_KEYS);
export const NamedItemView = z.object({ id: z.string(), name: z.string() }).strict();
export const CreateScreenField = z
  .object({
    fieldId: z.string(),
    name: z.string(),
    /** string = single-line text, adf = multi-line (rich) text, option = select list. */
    kind: z.enum(['string', 'adf', 'option', 'labels', 'other']),
    required: z.boolean(),
    /** Which alert values this field can hold, by kind. Empty: the app cannot fill it. */
    serves: z.array(FieldMapKeySchema),
  })
  .strict();
export type CreateScreenField = z.infer<typeof CreateScreenField>;
export const JiraMeta = z
  .object({
    issueTypes: z.array(NamedItemView),
    /** The issue type the fields belong to: the requested one, else the configured, else the first. */
    issueTypeId: z.string().nullable(),
    fields: z.array(CreateScreenField),
    /** E.g. required fields without a default that the app cannot fill. */
    warnings: z.array(z.string()),
    priorities: z.array(NamedItemView),
  })
  .strict();
export type JiraMeta = z.infer<typeof JiraMeta>;

/** What the write-back editor offers: the site's resolutions and the project's statuses. */
export const WriteBackMeta = z
  .object({
    resolutions: z.array(NamedItemView),
    /** Each status of the project's workflows once, with its category ("new", "done", …). */
    statuses: z.array(NamedItemView.extend({ category: z.string().optional() }).strict()),
  })
  .strict();
export type WriteBackMeta = z.infer<typeof WriteBackMeta>;

export const SyncNowRequest = z
  .object({ tenantIds: z.array(TenantId).min(1).max(50).optional() })
  .strict();
export const SyncNowResponse = z
  .object({
    /** Unix ms: the runs this request causes start at or after it (poll `listRuns`). */
    requestedAt: z.number().int(),
    queued: z.array(z.object({ tenantId: TenantId, tenantName: z.string() }).strict()),
  })
  .strict();

export const ListRunsResponse = z.object({ runs: z.array(RunSummary) }).strict();

/** An alert without an issue, listed from its first refusal until it has one or is dismissed. */
export const FailedAlertView = z
  .object({
    tenantId: TenantId,
    tenantName: z.string(),
    alertId: z.string(),
    /** `refused`: retried by the next scheduled run. `failed`: parked, retried only by hand. */
    state: z.enum(['refused', 'failed']),
    title: z.string().optional(),
    timestamp: z.number().int().optional(),
    attempts: z.number().int().nonnegative(),
    lastError: z.string().optional(),
    /** Unix ms of the last failure. */
    failedAt: z.number().int(),
    /** Unix ms of the scheduled run that retries a refused alert; absent when only by hand. */
    nextRetryAt: z.number().int().optional(),
  })
  .strict();
export type FailedAlertView = z.infer<typeof FailedAlertView>;
export const ListFailedAlertsResponse = z
  .object({
    alerts: z.array(FailedAlertView),
    /** More failed alerts than one view reads (100 per tenant): the oldest are not listed. */
    more: z.boolean(),
  })
  .strict();
export const RetryFailedAlertsRequest = z
  .object({ tenantId: TenantId, alertIds: z.array(AlertId).min(1).max(100) })
  .strict();
export const RetryFailedAlertsResponse = z
  .object({ requestedAt: z.number().int(), queued: z.number().int().nonnegative() })
  .strict();
/** The admin decides these alerts need no issue; recorded with their account id and the time. */
export const DismissFailedAlertsRequest = RetryFailedAlertsRequest;
export const DismissFailedAlertsResponse = z
  .object({ dismissed: z.number().int().nonnegative() })
  .strict();

export const PreviewRulesRequest = z
  .object({
    rules: z.array(Rule).max(100),
    /** Absent: the project's stored user lists. */
    userLists: z.array(UserList).max(50).optional(),
  })
  .strict();
export const PreviewRow = z
  .object({
    alertId: z.string(),
    tenantId: z.string(),
    title: z.string(),
    severity: Severity,
    matchedRules: z.array(z.string()),
    priority: z.string().optional(),
    category: z.string().optional(),
    labels: z.array(z.string()),
    assignee: z.string().optional(),
    issueType: z.string().optional(),
    suppressedBy: z.string().optional(),
    explanation: z.string(),
  })
  .strict();
export type PreviewRow = z.infer<typeof PreviewRow>;
export const PreviewRulesResponse = z
  .object({
    /** One row per recent alert (the last 50 the sync fetched), newest first. */
    rows: z.array(PreviewRow),
  })
  .strict();

/** Every settings resolver's request and response schema, keyed by resolver name. */
export function createSettingsContract(options: ContractOptions = {}) {
  return {
    [SETTINGS_RESOLVERS.getOverview]: resolverSpec(EmptyRequest, Overview),
    [SETTINGS_RESOLVERS.saveConfig]: resolverSpec(SaveConfigRequest, SaveConfigResponse),
    [SETTINGS_RESOLVERS.addTenant]: resolverSpec(addTenantRequest(options), TenantResponse),
    [SETTINGS_RESOLVERS.updateTenant]: resolverSpec(updateTenantRequest(options), TenantResponse),
    [SETTINGS_RESOLVERS.setTenantEnabled]: resolverSpec(SetTenantEnabledRequest, TenantResponse),
    [SETTINGS_RESOLVERS.deleteTenant]: resolverSpec(DeleteTenantRequest, DeleteTenantResponse),
    [SETTINGS_RESOLVERS.testTenant]: resolverSpec(testTenantRequest(options), TestTenantResponse),
    [SETTINGS_RESOLVERS.setAbuseIpdbKey]: resolverSpec(
      SetAbuseIpdbKeyRequest,
      SetAbuseIpdbKeyResponse,
    ),
    [SETTINGS_RESOLVERS.testAbuseIpdbKey]: resolverSpec(
      TestAbuseIpdbKeyRequest,
      TestAbuseIpdbKeyResponse,
    ),
    [SETTINGS_RESOLVERS.getJiraMeta]: resolverSpec(GetJiraMetaRequest, JiraMeta),
    [SETTINGS_RESOLVERS.syncNow]: resolverSpec(SyncNowRequest, SyncNowResponse),
    [SETTINGS_RESOLVERS.listRuns]: resolverSpec(EmptyRequest, ListRunsResponse),
    [SETTINGS_RESOLVERS.listFailedAlerts]: resolverSpec(EmptyRequest, ListFailedAlertsResponse),
    [SETTINGS_RESOLVERS.retryFailedAlerts]: resolverSpec(
      RetryFailedAlertsRequest,
      RetryFailedAlertsResponse,
    ),
    [SETTINGS_RESOLVERS.dismissFailedAlerts]: resolverSpec(
      DismissFailedAlertsRequest,
      DismissFailedAlertsResponse,
    ),
    [SETTINGS_RESOLVERS.previewRules]: resolverSpec(PreviewRulesRequest, PreviewRulesResponse),
    [SETTINGS_RESOLVERS.deleteAbuseIpdbKey]: resolverSpec(
      DeleteAbuseIpdbKeyRequest,
      DeleteAbuseIpdbKeyResponse,
    ),
    [SETTINGS_RESOLVERS.purgeProjectData]: resolverSpec(
      PurgeProjectDataRequest,
      PurgeProjectDataResponse,
    ),
    [SETTINGS_RESOLVERS.getWriteBackMeta]: resolverSpec(EmptyRequest, WriteBackMeta),
  };
}

/** The contract as the UI uses it (loopback tenant URLs refused, as on Forge). */
export const settingsContract = createSettingsContract();
export type SettingsContract = ReturnType<typeof createSettingsContract>;
export type SettingsRequest<N extends SettingsResolverName> = z.input<
  SettingsContract[N]['request']
>;
export type SettingsResponse<N extends SettingsResolverName> = z.output<
  SettingsContract[N]['response']
>;

export { AbuseIpdbSettings, AlertFilters, FieldMap, PriorityMap, Schedule };
