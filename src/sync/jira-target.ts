/**
 * Resolves a project's config against Jira: the issue type id, each mapped field's kind as the
 * create screen declares it, and the priority ids the screen allows. Payloads are built from this,
 * so a mapping that does not fit the screen is found here (and reported) instead of failing every
 * create. The result is cached per project for an hour: two Jira calls an hour, not two per run.
 */
import { z } from 'zod';
import type { FieldKind, FieldMapKey, ProjectConfig, ProjectId } from '../core/config';
import { FIELD_MAP_KEYS, FIELD_MAP_LABELS, JiraTarget } from '../core/config';
import { keys } from '../core/storage-keys';
import type { JiraClient } from '../clients/jira';
import type { CreateMetaField } from '../clients/jira-types';
import { screenPriorities } from '../clients/jira-types';
import { ConfigurationError } from '../core/errors';
import type { Store } from '../ports';

const TARGET_CACHE_SECONDS = 3600;

export const CachedTarget = z.object({
  fingerprint: z.string(),
  target: JiraTarget,
  warnings: z.array(z.string()),
});

export type CachedTarget = z.infer<typeof CachedTarget>;

/** The cached target of a project, read by id alone (a sync reads it beside its other inputs). */
export const readCachedTarget = (store: Store, projectId: ProjectId) =>
  store.get(keys.jiraTarget(projectId), CachedTarget);

export interface ResolvedTarget {
  target: JiraTarget;
  /** Mapping problems the admin should see; the affected fields are left out of payloads. */
  warnings: string[];
}

const FIELD_KIND_BY_CUSTOM_TYPE: Record<string, FieldKind> = {
  'com.atlassian.jira.plugin.system.customfieldtypes:textfield': 'string',
  'com.atlassian.jira.plugin.system.customfieldtypes:url': 'string',
  'com.atlassian.jira.plugin.system.customfieldtypes:textarea': 'adf',
  'com.atlassian.jira.plugin.system.customfieldtypes:select': 'option',
  'com.atlassian.jira.plugin.system.customfieldtypes:radiobuttons': 'option',
  'com.atlassian.jira.plugin.system.customfieldtypes:labels': 'labels',
};

/** What kind of value a create-screen field takes, or undefined when the app cannot fill it. */
export function fieldKind(field: Pick<CreateMetaField, 'schema'>): FieldKind | undefined {
  const { type, custom, items } = field.schema;
  if (custom && FIELD_KIND_BY_CUSTOM_TYPE[custom]) return FIELD_KIND_BY_CUSTOM_TYPE[custom];
  if (type === 'string') return custom ? undefined : 'string';
  if (type === 'option') return 'option';
  if (type === 'array' && items === 'string') return 'labels';
  return undefined;
}

/** Which field kinds can carry each alert value. */
export const KINDS_FOR_VALUE: Record<FieldMapKey, FieldKind[]> = {
  alertUrl: ['string'],
  alertSummary: ['string', 'adf'],
  alertDescription: ['adf', 'string'],
  affectedUser: ['string', 'adf'],
  ip: ['string', 'adf'],
  reportedIps: ['adf', 'string'],
  category: ['option', 'string'],
};

export async function getJiraTarget(
  store: Store,
  jira: JiraClient,
  config: ProjectConfig,
  /** The cache entry when the caller has read it already (`readCachedTarget`). */
  preread?: Promise<CachedTarget | undefined>,
): Promise<ResolvedTarget> {
  const cached = targetFromCache(
    config,
    await (preread ?? readCachedTarget(store, config.projectId)),
  );
  if (cached) return cached;
  const resolved = await resolveJiraTarget(jira, config);
  await cacheJiraTarget(store, config, resolved);
  return resolved;
}

/** What the configuration the target is resolved from looks like: a change invalidates it. */
const fingerprintOf = (config: ProjectConfig) =>
  JSON.stringify([config.issueType, config.fields, config.priorities, config.labels]);

/** The cached target, if it was resolved from this configuration. */
export function targetFromCache(
  config: ProjectConfig,
  cached: CachedTarget | undefined,
): ResolvedTarget | undefined {
  return cached?.fingerprint === fingerprintOf(config)
    ? { target: cached.target, warnings: cached.warnings }
    : undefined;
}

/** Keeps a resolved target for TARGET_CACHE_SECONDS, for the runs after this one. */
export async function cacheJiraTarget(
  store: Store,
  config: ProjectConfig,
  resolved: ResolvedTarget,
): Promise<void> {
  await store.set(
    keys.jiraTarget(config.projectId),
    { fingerprint: fingerprintOf(config), ...resolved },
    { ttlSeconds: TARGET_CACHE_SECONDS },
  );
}

export async function resolveJiraTarget(
  jira: JiraClient,
  config: ProjectConfig,
): Promise<ResolvedTarget> {
  // Jira is asked by project id, which a rename of the key does not change.
  const { projectId, projectKey } = config;
  const issueTypes = await jira.getCreateMetaIssueTypes(projectId);
  const issueTypeIds: Record<string, string> = {};
  for (const type of issueTypes) {
    issueTypeIds[type.id] = type.id;
    issueTypeIds[type.name.toLowerCase()] = type.id;
  }
  const issueTypeId =
    issueTypeIds[config.issueType] ?? issueTypeIds[config.issueType.toLowerCase()];
  if (!issueTypeId) {
    throw new ConfigurationError(
      `Issue type "${config.issueType}" is not on the create screen of project ${projectKey}. ` +
        `Choose one of: ${issueTypes.map((t) => t.name).join(', ')}.`,
    );
  }

  const screenFields = await jira.getCreateMetaFields(projectId, issueTypeId);
  const priorities = screenPriorities(screenFields);
  const screen = new Map(screenFields.map((field) => [field.fieldId, field]));
  const warnings: string[] = [];
  const fields: JiraTarget['fields'] = {};
  for (const key of FIELD_MAP_KEYS) {
    const fieldId = config.fields[key];
    if (!fieldId) continue;
    const field = screen.get(fieldId);
    const kind = field ? fieldKind(field) : undefined;
    if (!field) {
      warnings.push(
        `Field mapping: ${FIELD_MAP_LABELS[key]} → ${fieldId} is not on the create screen; the value is left out until the mapping is fixed.`,
      );
    } else if (!kind || !KINDS_FOR_VALUE[key].includes(kind)) {
      warnings.push(
        `Field mapping: ${FIELD_MAP_LABELS[key]} → "${field.name}" (${fieldId}) cannot hold this value; the value is left out until the mapping is fixed.`,
      );
    } else {
      fields[key] = { id: fieldId, kind, name: field.name };
    }
  }

  const priorityIds: Record<string, string> = {};
  for (const priority of priorities) {
    priorityIds[priority.id] = priority.id;
    priorityIds[priority.name.toLowerCase()] = priority.id;
  }
  const screenHasPriority = screenFields.some((field) => field.fieldId === 'priority');
  for (const [severity, priority] of Object.entries(config.priorities)) {
    if (priority && !screenHasPriority) {
      warnings.push(
        `Priority "${priority}" for ${severity} alerts cannot be set: the create screen has no Priority field, so Jira's default priority is used.`,
      );
    } else if (priority && !priorityIds[priority.toLowerCase()] && !priorityIds[priority]) {
      warnings.push(
        `Priority "${priority}" for ${severity} alerts does not exist on this site; Jira's default priority is used.`,
      );
    }
  }

  return {
    target: {
      projectId,
      issueTypeId,
      issueTypeIds,
      fields,
      priorityIds,
      priorities: config.priorities,
      labels: config.labels,
    },
    warnings,
  };
}
