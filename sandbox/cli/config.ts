/**
 * The config file of `npm run sync -- --config <file>`: one project, its tenants and where state
 * is kept between runs. Secrets may sit in the file or, better, in environment variables
 * (`apiTokenEnv`, `apiKeyEnv`, `tokenEnv`, `clientSecretEnv`), so the file can be committed
 * without secrets. A tenant authenticates with an API token (`auth: "token"`, the default) or an
 * Entra app (`auth: "entra"` with `entraTenantId`, `clientId` and the client secret). A tenant
 * read through Microsoft Graph (`source: "graph"`) needs an Entra app and no URL.
 */
import { z } from 'zod';
import { ABUSEIPDB_BASE_URL } from '../../src/clients/abuseipdb';
import { ENTRA_LOGIN_BASE_URL } from '../../src/clients/entra';
import {
  AlertFilters,
  EntraClientId,
  EntraTenantId,
  FieldMap,
  PriorityMap,
  GRAPH_BASE_URL,
  ProjectConfig,
  Tenant,
  TenantAuthMode,
  TenantSource,
  graphNeedsEntra,
  isTenantApiUrl,
} from '../../src/core/config';
import { findSameDefenderTenant, sameDefenderTenantMessage } from '../../src/core/defender-tenant';
import { isSecretUrl } from '../../src/core/hosts';
import { Rule, UserList } from '../../src/core/rules/schema';
import { WriteBackSettings } from '../../src/core/write-back';

const secretSource = {
  /** The secret itself (prefer the environment variable form). */
  value: z.string().min(1).optional(),
  /** Name of the environment variable that holds the secret. */
  env: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
    .optional(),
};

const ENTRA_ONLY = ['entraTenantId', 'clientId', 'clientSecret', 'clientSecretEnv'] as const;

const httpUrl = z.url().refine((value) => /^https?:\/\//.test(value), 'must be an http(s) URL');

export const CliConfig = z
  .object({
    jira: z
      .object({
        baseUrl: httpUrl,
        email: z.email(),
        apiToken: secretSource.value,
        apiTokenEnv: secretSource.env,
        projectKey: ProjectConfig.shape.projectKey,
        issueType: z.string().min(1),
        fields: FieldMap.default({}),
        priorities: PriorityMap.default({}),
        labels: z.array(z.string().regex(/^\S+$/, 'labels cannot contain spaces')).default([]),
      })
      .strict(),
    abuseipdb: z
      .object({
        apiKey: secretSource.value,
        apiKeyEnv: secretSource.env,
        baseUrl: httpUrl.default(ABUSEIPDB_BASE_URL),
        maxAgeInDays: z.number().int().min(1).max(365).default(90),
        cacheHours: z.number().int().min(0).max(168).default(24),
      })
      .strict()
      .optional(),
    tenants: z
      .array(
        z
          .object({
            id: Tenant.shape.id,
            name: Tenant.shape.name,
            source: TenantSource.default('mcas'),
            /** The MCAS API URL; Graph tenants default to https://graph.microsoft.com. */
            url: httpUrl.optional(),
            auth: TenantAuthMode.default('token'),
            token: secretSource.value,
            tokenEnv: secretSource.env,
            entraTenantId: EntraTenantId.optional(),
            clientId: EntraClientId.optional(),
            clientSecret: secretSource.value,
            clientSecretEnv: secretSource.env,
            enabled: z.boolean().default(true),
            /** Close alerts in Defender when their issues are resolved, and check Defender's status. */
            writeBack: z.boolean().default(false),
          })
          .strict(),
      )
      .min(1),
    /** Where Entra apps get their tokens (the sandbox points this at its simulator). */
    entra: z
      .object({ loginBaseUrl: httpUrl.default(ENTRA_LOGIN_BASE_URL) })
      .strict()
      .optional(),
    filters: AlertFilters.optional(),
    rules: z.array(Rule).default([]),
    userLists: z.array(UserList).default([]),
    /** Resolution → closure map and the Defender → Jira transition (README "Write-back"). */
    writeBack: WriteBackSettings.optional(),
    state: z.object({ dir: z.string().min(1) }).strict(),
    /**
     * Accept plain http on loopback hosts (127.0.0.1, localhost, [::1]) for every URL a secret
     * goes to: the sandbox's simulators. Without it every such URL must be https.
     */
    allowLoopback: z.boolean().default(false),
  })
  .strict()
  .superRefine((config, ctx) => {
    // Jira gets basic auth, AbuseIPDB its key, Entra the client secret: https only, or http on
    // a loopback host with allowLoopback.
    const secretUrls: Array<[PropertyKey[], string | undefined]> = [
      [['jira', 'baseUrl'], config.jira.baseUrl],
      [['abuseipdb', 'baseUrl'], config.abuseipdb?.baseUrl],
      [['entra', 'loginBaseUrl'], config.entra?.loginBaseUrl],
    ];
    for (const [path, url] of secretUrls) {
      if (url !== undefined && !isSecretUrl(url, { allowLoopback: config.allowLoopback })) {
        ctx.addIssue({
          code: 'custom',
          path,
          message: 'must be https (http only on a loopback host with "allowLoopback": true)',
        });
      }
    }
    config.tenants.forEach((tenant, index) => {
      const problem = (field: string, message: string) =>
        ctx.addIssue({ code: 'custom', path: ['tenants', index, field], message });
      const graph = tenant.source === 'graph';
      if (tenant.url === undefined) {
        if (!graph) problem('url', 'is required');
      } else if (
        !isTenantApiUrl(tenant.source, tenant.url, { allowLoopback: config.allowLoopback })
      ) {
        problem(
          'url',
          graph
            ? 'must be https://graph.microsoft.com for source "graph"'
            : 'must be an MCAS API URL (https://<tenant>.<region>.portal.cloudappsecurity.com)',
        );
      }
      if (graphNeedsEntra(tenant.source, tenant.auth)) {
        problem('auth', 'must be "entra": Microsoft Graph accepts no API token');
      }
      if (tenant.auth === 'token') {
        if (!tenant.token && !tenant.tokenEnv) problem('token', 'set token or tokenEnv');
        for (const field of ENTRA_ONLY) {
          if (tenant[field] !== undefined) problem(field, 'is only used with auth "entra"');
        }
      } else {
        if (tenant.entraTenantId === undefined) problem('entraTenantId', 'is required');
        if (tenant.clientId === undefined) problem('clientId', 'is required');
        if (!tenant.clientSecret && !tenant.clientSecretEnv) {
          problem('clientSecret', 'set clientSecret or clientSecretEnv');
        }
        for (const field of ['token', 'tokenEnv'] as const) {
          if (tenant[field] !== undefined) problem(field, 'is only used with auth "token"');
        }
      }
    });
    if (!config.jira.apiToken && !config.jira.apiTokenEnv) {
      ctx.addIssue({
        code: 'custom',
        path: ['jira', 'apiToken'],
        message: 'set apiToken or apiTokenEnv',
      });
    }
    const ids = config.tenants.map((tenant) => tenant.id);
    ids.forEach((id, index) => {
      if (ids.indexOf(id) !== index) {
        ctx.addIssue({
          code: 'custom',
          path: ['tenants', index, 'id'],
          message: `duplicate tenant id "${id}"`,
        });
      }
    });
    // One tenant per Defender tenant (core/defender-tenant.ts): a second one would create every
    // alert's issue twice.
    const identities = config.tenants.map((tenant) => ({
      id: tenant.id,
      name: tenant.name,
      source: tenant.source,
      url: tenant.url ?? GRAPH_BASE_URL,
      entraTenantId: tenant.entraTenantId,
    }));
    identities.forEach((tenant, index) => {
      const same = findSameDefenderTenant(tenant, identities.slice(0, index));
      if (same === undefined) return;
      ctx.addIssue({
        code: 'custom',
        path: ['tenants', index, tenant.source === 'graph' ? 'entraTenantId' : 'url'],
        message: sameDefenderTenantMessage(tenant, same),
      });
    });
  });
export type CliConfig = z.infer<typeof CliConfig>;

export class ConfigFileError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `The config file is not valid:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
    );
    this.name = 'ConfigFileError';
  }
}

/** Parses the file's JSON; every problem names its field ("tenants[1].url: must be …"). */
export function parseCliConfig(json: unknown): CliConfig {
  const result = CliConfig.safeParse(json);
  if (result.success) return result.data;
  throw new ConfigFileError(
    result.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`),
  );
}

function formatPath(path: PropertyKey[]): string {
  if (path.length === 0) return '(top level)';
  return path
    .map((part, index) =>
      typeof part === 'number' ? `[${part}]` : `${index > 0 ? '.' : ''}${String(part)}`,
    )
    .join('');
}

/** Reads a secret from the file or the environment; a missing variable is a config problem. */
export function resolveSecret(
  value: string | undefined,
  envName: string | undefined,
  field: string,
  env: NodeJS.ProcessEnv,
): string {
  if (envName) {
    const fromEnv = env[envName];
    if (!fromEnv)
      throw new ConfigFileError([`${field}: environment variable ${envName} is not set`]);
    return fromEnv;
  }
  if (value) return value;
  throw new ConfigFileError([`${field}: missing`]);
}

/**
 * The config file's text as JSON. A syntax error is reported by line and column only: V8's own
 * message quotes the text around the error, which can be a secret.
 */
export function parseConfigJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    const position = /position (\d+)/.exec(error.message)?.[1];
    if (position === undefined) throw new ConfigFileError([`${file}: is not valid JSON`]);
    const before = text.slice(0, Number(position));
    const line = before.split('\n').length;
    const column = Number(position) - before.lastIndexOf('\n');
    throw new ConfigFileError([`${file}: is not valid JSON (line ${line}, column ${column})`]);
  }
}
