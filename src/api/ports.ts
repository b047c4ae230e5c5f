/** What a resolver handler runs on, on Forge and on the local host page alike. */
import type { Result } from '../contract/result';
import type { Clock, Http, JiraTransport, Logger, Queue, Store } from '../ports';
import type { ResolverOptions } from '../sync/resolver-deps';

export interface ApiPorts {
  store: Store;
  http: Http;
  /** `as: 'user'` calls act as the caller: Jira checks their rights. */
  jira: JiraTransport;
  queue: Queue;
  clock: Clock;
  logger: Logger;
}

/** The local sandbox host's simulators and loopback allowance; none is set on Forge. */
export type ApiOptions = ResolverOptions;

/**
 * Who is calling, from the trusted resolver context (Forge's `req.context`, or the local host's
 * session): never from the payload, which the browser controls.
 */
export interface Caller {
  accountId: string;
  /**
   * The project whose settings page the call comes from: its id keys everything stored, its key
   * is for messages.
   */
  project?: { id: string; key: string };
  /** The issue the panel is open on. */
  issueKey?: string | undefined;
}

export type Handler = (payload: unknown, caller: Caller) => Promise<Result<unknown>>;
