/**
 * What the resolvers' use cases (settings page and issue panel) run on: the ports of one resolver
 * invocation and the retry policy whose budget started with it (Forge's 25 s for a resolver,
 * docs/reference/external-apis.md §5). The clients are built here, in the application layer;
 * `src/api` only authorises, parses, calls a use case and maps its answer to a contract view.
 */
import { createAbuseIpdbClient } from '../clients/abuseipdb';
import type { AbuseIpdbClient } from '../clients/abuseipdb';
import { createJiraClient } from '../clients/jira';
import type { JiraClient } from '../clients/jira';
import type { RetryPolicy } from '../clients/retry';
import type { Clock, Http, JiraTransport, Logger, Store } from '../ports';

export interface ResolverOptions {
  /** The local sandbox host serves MCAS on 127.0.0.1; never set on Forge. */
  allowLoopbackMcas?: boolean | undefined;
  /** The local sandbox host points AbuseIPDB at its simulator. */
  abuseIpdbBaseUrl?: string | undefined;
  /** The local sandbox host points Entra token requests at its simulator. */
  entraLoginBaseUrl?: string | undefined;
}

export interface ResolverDeps {
  store: Store;
  http: Http;
  /** Jira as the app (`asApp`) or, per call, as the caller (`as: 'user'`). */
  jira: JiraTransport;
  clock: Clock;
  logger: Logger;
  policy: RetryPolicy;
  options: ResolverOptions;
}

/** The app's own Jira: configuration checks and reads, not the caller's rights. */
export function appJira(deps: ResolverDeps): JiraClient {
  return createJiraClient({
    transport: deps.jira,
    clock: deps.clock,
    logger: deps.logger,
    policy: deps.policy,
  });
}

/** Jira as the calling user: what it writes, the user could have written by hand. */
export function userJira(deps: ResolverDeps): JiraClient {
  return createJiraClient({
    transport: deps.jira,
    clock: deps.clock,
    logger: deps.logger,
    as: 'user',
    policy: deps.policy,
  });
}

/** AbuseIPDB with the project's key (or one being tested), on the simulator in the sandbox. */
export function abuseIpdbClient(
  deps: ResolverDeps,
  apiKey: string,
  maxAgeInDays: number | undefined,
): AbuseIpdbClient {
  return createAbuseIpdbClient({
    http: deps.http,
    clock: deps.clock,
    logger: deps.logger,
    apiKey,
    policy: deps.policy,
    ...(deps.options.abuseIpdbBaseUrl ? { baseUrl: deps.options.abuseIpdbBaseUrl } : {}),
    ...(maxAgeInDays !== undefined ? { maxAgeInDays } : {}),
  });
}
