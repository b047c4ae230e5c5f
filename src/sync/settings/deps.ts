/**
 * What the settings use cases run on: the ports of one resolver invocation and the retry policy
 * whose budget started with it (Forge's 25 s for a resolver, docs/reference/external-apis.md §5).
 * The clients are built here, in the application layer; `src/api` only authorises, parses, calls
 * and maps to contract views.
 */
import { createJiraClient } from '../../clients/jira';
import type { JiraClient } from '../../clients/jira';
import type { RetryPolicy } from '../../clients/retry';
import type { Clock, Http, JiraTransport, Logger, Store } from '../../ports';

export interface SettingsOptions {
  /** The local sandbox host serves MCAS on 127.0.0.1; never set on Forge. */
  allowLoopbackMcas?: boolean | undefined;
  /** The local sandbox host points AbuseIPDB at its simulator. */
  abuseIpdbBaseUrl?: string | undefined;
  /** The local sandbox host points Entra token requests at its simulator. */
  entraLoginBaseUrl?: string | undefined;
}

export interface SettingsDeps {
  store: Store;
  http: Http;
  /** The app's own Jira (`asApp`): configuration checks, not the caller's rights. */
  jira: JiraTransport;
  clock: Clock;
  logger: Logger;
  policy: RetryPolicy;
  options: SettingsOptions;
}

export function appJira(deps: SettingsDeps): JiraClient {
  return createJiraClient({
    transport: deps.jira,
    clock: deps.clock,
    logger: deps.logger,
    policy: deps.policy,
  });
}
