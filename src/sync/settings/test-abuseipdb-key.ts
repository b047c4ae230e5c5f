/**
 * "Test key" on the AbuseIPDB tab: the key typed, or the one saved, answers one check of an
 * address that costs one unit of the quota (docs/reference/external-apis.md §3).
 */
import type { ProjectId } from '../../core/config';
import { getAbuseIpdbKey, loadProject } from '../repository';
import { abuseIpdbTabAdvice } from '../test-advice';
import { testAbuseIpdbKey } from '../test-connection';
import type { KeyTestOutcome } from '../test-connection';
import type { ResolverDeps } from '../resolver-deps';
import { abuseIpdbClient } from '../resolver-deps';

export async function testAbuseIpdbKeyOf(
  deps: ResolverDeps,
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
  const client = abuseIpdbClient(deps, key, config?.abuseipdb.maxAgeInDays);
  const result = await testAbuseIpdbKey(client);
  return result.outcome === 'failed'
    ? { ...result, message: abuseIpdbTabAdvice(result.message) }
    : result;
}
