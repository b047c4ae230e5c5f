/** What a resolver handler runs on, on Forge and on the local host page alike. */
import type { Result } from '../contract/result';
import type { Clock, Http, JiraTransport, Logger, Queue, Store } from '../ports';

export interface ApiPorts {
  store: Store;
  http: Http;
  /** `as: 'user'` calls act as the caller: Jira checks their rights. */
  jira: JiraTransport;
  queue: Queue;
  clock: Clock;
  logger: Logger;
}

export interface ApiOptions {
  /** The local sandbox host serves MCAS on 127.0.0.1; never set on Forge. */
  allowLoopbackMcas?: boolean | undefined;
  /** The local sandbox host points AbuseIPDB at its simulator. */
  abuseIpdbBaseUrl?: string | undefined;
  /** The local sandbox host points Entra token requests at its simulator. */
  entraLoginBaseUrl?: string | undefined;
}

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
