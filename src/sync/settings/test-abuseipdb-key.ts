/**
 * "Test key" on the AbuseIPDB tab: the key typed, or the one saved, answers one check of an
 * address that costs one unit of the quota (docs/reference/external-apis.md §3).
 */
import { createAbuseIpdbClient } from '../../clients/abuseipdb';
import type { ProjectId } from '../../core/config';
import { getAbuseIpdbKey, loadProject } from '../repository';
import { abuseIpdbTabAdvice } from '../test-advice';
import { testAbuseIpdbKey } from '../test-connection';
import type { KeyTestOutcome } from '../test-connection';
import type { SettingsDeps } from './deps';

export async function testAbuseIpdbKeyOf(
  deps: SettingsDeps,
  projectId: ProjectId,
  apiKey: string | undefined,
): Promise<KeyTestOutcome> {
  const key = apiKey ?? (await getAbuseIpdbKey(deps.store, projectId));
  if (key === undefined) {
    return {
      outcome: 'failed' as const,
      problem: 'notSet' as const,
      message: 'No AbuseIPDB key is saved for this project yet.',
    };
  }
  const config = await loadProject(deps.store, projectId);
  const client = createAbuseIpdbClient({
    http: deps.http,
    clock: deps.clock,
    logger: deps.logger,
    apiKey: key,
    policy: deps.policy,
    ...(deps.options.abuseIpdbBaseUrl ? { baseUrl: deps.options.abuseIpdbBaseUrl } : {}),
    ...(config ? { maxAgeInDays: config.abuseipdb.maxAgeInDays } : {}),
  });
  const result = await testAbuseIpdbKey(client);
  return result.outcome === 'failed'
    ? { ...result, message: abuseIpdbTabAdvice(result.message) }
    : result;
}
