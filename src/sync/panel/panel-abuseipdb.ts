/**
 * What every panel look-up needs before it spends the project's AbuseIPDB quota: the project's
 * key (or who can add one), a free cooldown slot for the issue, and AbuseIPDB's and Jira's
 * refusals said in words for an analyst, naming who can fix what.
 */
import type { AbuseIpdbClient } from '../../clients/abuseipdb';
import { CredentialError, NoAnswerError, RateLimitError } from '../../clients/errors';
import type { AbuseIpdbSettings, ProjectConfig } from '../../core/config';
import {
  ConfigurationError,
  CredentialsRefusedError,
  DomainError,
  NotPermittedError,
  TryLaterError,
  UnavailableNowError,
} from '../../core/errors';
import type { Clock } from '../../ports';
import { formatDuration } from '../../ports';
import { cooldownUntil, startCooldown } from '../panel-cooldown';
import { getAbuseIpdbKey, loadProject } from '../repository';
import type { ResolverDeps } from '../resolver-deps';
import { abuseIpdbClient } from '../resolver-deps';
import type { PanelIssue } from './panel-issue';

/** AbuseIPDB's defaults for a project whose settings were never saved. */
const DEFAULT_SETTINGS: AbuseIpdbSettings = { maxAgeInDays: 90, cacheHours: 24 };

export interface ProjectAbuseIpdb {
  config: ProjectConfig | undefined;
  settings: AbuseIpdbSettings;
  client: AbuseIpdbClient;
}

/** The project's config and AbuseIPDB client, or the error that says who can set them up. */
export async function projectAbuseIpdb(
  deps: ResolverDeps,
  { projectId, projectKey }: PanelIssue,
): Promise<ProjectAbuseIpdb> {
  const [config, apiKey] = await Promise.all([
    loadProject(deps.store, projectId),
    getAbuseIpdbKey(deps.store, projectId),
  ]);
  if (!apiKey) {
    throw new ConfigurationError(
      `No AbuseIPDB key is set for project ${projectKey}. A project administrator can add one in ` +
        'Project settings → Cloud App Alerts → AbuseIPDB.',
    );
  }
  const settings = config?.abuseipdb ?? DEFAULT_SETTINGS;
  return { config, settings, client: abuseIpdbClient(deps, apiKey, settings.maxAgeInDays) };
}

/** One panel look-up per issue per cooldown; the next caller is told when to try again. */
export async function coolDown(
  deps: Pick<ResolverDeps, 'store' | 'clock'>,
  issue: PanelIssue,
): Promise<void> {
  const until = await cooldownUntil(deps.store, deps.clock, issue.projectId, issue.issueKey);
  if (until !== undefined) {
    throw new TryLaterError(
      `This issue's addresses were checked a moment ago. Try again after ${new Date(until).toISOString()}.`,
      until,
    );
  }
  await startCooldown(deps.store, deps.clock, issue.projectId, issue.issueKey);
}

/** AbuseIPDB's refusals in words for an analyst, with who can fix what. */
export async function inAnalystWords<T>(
  clock: Clock,
  projectKey: string,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof RateLimitError && error.service === 'abuseipdb') {
      const retryAt = clock.now() + error.retryAfterMs;
      throw new TryLaterError(
        `AbuseIPDB's daily quota for this project is used up. It resets at ${new Date(retryAt).toISOString()}.`,
        retryAt,
      );
    }
    if (error instanceof CredentialError && error.service === 'abuseipdb') {
      throw new CredentialsRefusedError(
        `AbuseIPDB refused the API key of project ${projectKey}. A project administrator can ` +
          'replace it in Project settings → Cloud App Alerts → AbuseIPDB.',
      );
    }
    if (error instanceof CredentialError && error.service === 'jira') {
      throw new NotPermittedError(
        'You can see this issue but not edit it, so the new verdicts were not saved to it.',
      );
    }
    if (error instanceof DomainError) throw error;
    if (error instanceof NoAnswerError) {
      throw new UnavailableNowError(
        `${error.host} did not answer within ${formatDuration(error.timeoutMs)}. Try again in a few minutes.`,
      );
    }
    if (error instanceof Error && 'service' in error && error.service === 'abuseipdb') {
      throw new UnavailableNowError('AbuseIPDB could not be reached. Try again in a few minutes.');
    }
    throw error;
  }
}
