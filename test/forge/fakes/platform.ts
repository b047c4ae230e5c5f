/**
 * The state behind the module-level fakes of `@forge/kvs`, `@forge/api` and `@forge/events`: what
 * the Forge platform would hold for one installation. Tests read and steer it.
 */
import type { PushEvent } from '@forge/events';

export interface BasicCredentials {
  email: string;
  apiToken: string;
}

export interface StoredValue {
  value: unknown;
  expiresAt?: number;
}

export const platform = {
  kv: new Map<string, StoredValue>(),
  secrets: new Map<string, unknown>(),
  pushed: [] as Array<{ queueKey: string; event: PushEvent }>,
  /**
   * Egress as the manifest declares it: a URL starting with `from` goes to `to` instead (the
   * simulators); any other URL is refused, as Forge refuses undeclared hosts.
   */
  egress: [] as Array<{ from: string; to: string }>,
  jira: {
    baseUrl: '',
    app: undefined as BasicCredentials | undefined,
    /** Who `asUser()` acts as: the account behind the resolver call. */
    user: undefined as BasicCredentials | undefined,
  },
  /**
   * Atlassian's personal-data reporting endpoint: the accounts it answers `closed` or `updated`,
   * and every page of accounts the app sent (the API takes at most 90 a call).
   */
  personalData: {
    closed: new Set<string>(),
    updated: new Set<string>(),
    requests: [] as Array<Array<{ accountId: string; updatedAt: string }>>,
    /** Status the endpoint answers with instead of 200/204, e.g. 503. */
    failWith: undefined as number | undefined,
  },
  now: (): number => Date.now(),
  /**
   * Called once an outbound `fetch` has been answered and its body read, e.g. to let the time a
   * page costs pass (inside the call it would be cut off by the adapter's 30 s budget).
   */
  afterFetch: undefined as ((url: string) => void) | undefined,
  reset(): void {
    platform.kv.clear();
    platform.secrets.clear();
    platform.pushed.length = 0;
    platform.egress = [];
    platform.afterFetch = undefined;
    platform.personalData = {
      closed: new Set(),
      updated: new Set(),
      requests: [],
      failWith: undefined,
    };
    platform.jira = { baseUrl: '', app: undefined, user: undefined };
  },
};

/** Stored values are serialised like Forge does: what comes back is a copy, not the object. */
export function copy<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}
