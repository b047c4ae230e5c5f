/**
 * `@forge/api` on loopback HTTP: `fetch` reaches the simulators, `requestJira` reaches the Jira
 * simulator as the app's account or the calling user's. The real `route` tag is kept, so its
 * escaping rules apply to every path the adapters build.
 */
import type * as ForgeApi from '@forge/api';
import type * as ForgePrivacy from '@forge/api/out/privacy';
import type { BasicCredentials } from './platform';
import { platform } from './platform';

const actual = jest.requireActual<typeof ForgeApi>('@forge/api');

function requestJira(credentials: () => BasicCredentials | undefined) {
  return {
    requestJira(route: ForgeApi.Route, init: ForgeApi.RequestInit = {}) {
      const account = credentials();
      if (!account) return Promise.reject(new Error('no account to act as'));
      const authorization = `Basic ${Buffer.from(`${account.email}:${account.apiToken}`).toString('base64')}`;
      const { body } = init;
      return fetch(`${platform.jira.baseUrl}${route.value}`, {
        method: init.method ?? 'GET',
        headers: { ...init.headers, Authorization: authorization },
        ...(typeof body === 'string' ? { body } : {}),
      });
    },
  };
}

const asApp = () => requestJira(() => platform.jira.app);
const asUser = () => requestJira(() => platform.jira.user);
function egress(url: string): string {
  const route = platform.egress.find(({ from }) => url.startsWith(from));
  if (!route) throw new Error(`URL not included in the external fetch backend permissions: ${url}`);
  return `${route.to}${url.slice(route.from.length)}`;
}

const forgeFetch = async (url: string, init: ForgeApi.RequestInit = {}) => {
  const response = await fetch(egress(url), {
    method: init.method ?? 'GET',
    ...(init.redirect ? { redirect: init.redirect } : {}),
    ...(init.headers ? { headers: init.headers } : {}),
    ...(typeof init.body === 'string' ? { body: init.body } : {}),
  });
  if (!platform.afterFetch) return response;
  const text = await response.text();
  platform.afterFetch(url);
  // A 204 or 304 answer must not be rebuilt with a body, not even an empty one.
  return new Response(text === '' ? null : text, {
    status: response.status,
    headers: response.headers,
  });
};

/**
 * `privacy.reportPersonalData` is the real `@forge/api` code (it pages by 90); only the call it
 * makes to Atlassian (`POST /app/report-accounts`) is answered here, as the API documents: 200
 * with the accounts that need action, 204 when none does.
 */
const { createReportPersonalData } =
  jest.requireActual<typeof ForgePrivacy>('@forge/api/out/privacy');
const reportAccounts = (path: string, init: ForgeApi.RequestInit = {}) => {
  const { personalData } = platform;
  if (path !== '/app/report-accounts' || init.method !== 'POST')
    return Promise.resolve(new Response(null, { status: 404 }));
  if (personalData.failWith !== undefined)
    return Promise.resolve(new Response(null, { status: personalData.failWith }));
  const { accounts } = JSON.parse(typeof init.body === 'string' ? init.body : '{}') as {
    accounts: Array<{ accountId: string; updatedAt: string }>;
  };
  personalData.requests.push(accounts);
  const answers = accounts.flatMap(({ accountId }) =>
    personalData.closed.has(accountId)
      ? [{ accountId, status: 'closed' }]
      : personalData.updated.has(accountId)
        ? [{ accountId, status: 'updated' }]
        : [],
  );
  return Promise.resolve(
    answers.length === 0
      ? new Response(null, { status: 204 })
      : Response.json({ accounts: answers }, { status: 200 }),
  );
};
const privacy = {
  reportPersonalData: createReportPersonalData(reportAccounts),
};

export const forgeApiModule = {
  __esModule: true,
  route: actual.route,
  fetch: forgeFetch,
  asApp,
  asUser,
  privacy,
  default: { asApp, asUser, fetch: forgeFetch, privacy },
};
