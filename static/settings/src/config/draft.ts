/**
 * The project config as the page edits it. A project that was never saved starts from the schema's
 * defaults and the built-in triage rules; every section saves the whole config with its own part
 * replaced, so sections never overwrite each other's unsaved edits with stale values.
 */
import type { ProjectConfig } from '../../../../src/contract/domain';
import { BUILTIN_RULES } from '../../../../src/contract/domain';
import { DEFAULT_WRITE_BACK } from '../../../../src/contract/domain';
import type { Overview } from '../../../../src/contract/settings';

export type ConfigDraft = Omit<ProjectConfig, 'projectId' | 'projectKey' | 'inTrash'>;

export function draftOf(overview: Overview): ConfigDraft {
  if (overview.config !== null) {
    const {
      projectId: _projectId,
      projectKey: _projectKey,
      inTrash: _inTrash,
      ...rest
    } = overview.config;
    return rest;
  }
  return {
    enabled: true,
    issueType: '',
    fields: {},
    priorities: {},
    labels: [],
    filters: { minSeverity: 'informational', resolutionStatuses: [0], firstRunLookbackDays: 3 },
    abuseipdb: { maxAgeInDays: 90, cacheHours: 24 },
    schedule: 'fiveMinutes',
    rules: BUILTIN_RULES,
    userLists: [],
    writeBack: DEFAULT_WRITE_BACK,
  };
}

/** Field errors of a saveConfig call, keyed by the path inside the config ("fields.ip"). */
export function configFieldErrors(fieldErrors: Record<string, string>): Record<string, string> {
  const inside: Record<string, string> = {};
  for (const [path, message] of Object.entries(fieldErrors)) {
    inside[path.startsWith('config.') ? path.slice('config.'.length) : path] = message;
  }
  return inside;
}
