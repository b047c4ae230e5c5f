/**
 * The local host page: serves the built settings page at /settings/ and the issue panel at
 * /issue-panel/?issueKey=SEC-1, each with a bridge stand-in (bridge-script.ts) whose calls land
 * at POST /bridge/<surface>/<resolver> and run the REAL handlers from src/api with local ports:
 * the given store, Node's fetch, the sandbox Jira, and a queue that runs the worker in-process
 * (so "Sync now" really creates issues in the sandbox Jira).
 *
 * The caller is the sandbox admin of project SEC, or `?as=<accountId>` on the page URL to act as
 * another sandbox Jira user (for trying out permissions): Jira calls made as the user then carry
 * that user's credentials, so the sandbox Jira checks their rights.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createPanelApi } from '../../src/api/panel';
import { DEMO_PROJECT_ID, DEMO_PROJECT_KEY } from '../cli/demo-project';
import { createReportApi } from '../../src/api/reports';
import type { Caller, Handler } from '../../src/api/ports';
import { createSettingsApi } from '../../src/api/settings';
import { failure } from '../../src/contract/result';
import type { Store } from '../../src/ports';
import type { SyncDeps } from '../../src/sync/sync-tenant';
import { createSandboxJiraTransport } from '../adapters/jira-basic-auth';
import type { Sandbox } from '../sim';
import { SANDBOX_JIRA_ADMIN } from '../sim';
import type { Surface } from './bridge-script';
import { BRIDGE_SCRIPT_FILE, bridgeScript, bridgeScriptTag } from './bridge-script';
import { CUSTOM_UI_CSP } from './content-security-policy';
import type { LocalQueue } from './local-queue';
import { createLocalQueue } from './local-queue';
import { readBuildFile } from './static-files';

export interface HostOptions {
  sandbox: Sandbox;
  store: Store;
  /** The same dependencies the CLI sync uses (http, app Jira transport, clock, logger, …). */
  deps: SyncDeps;
  /** Default 0: any free port on 127.0.0.1. */
  port?: number;
  /** Default SEC (id 10000), the sandbox Jira's project: what Forge puts in the context. */
  project?: { id: string; key: string };
  /** Default static/<surface>/build next to this repository's sandbox folder. */
  buildRoot?: string;
}

export interface Host {
  url: string;
  settingsUrl: string;
  issuePanelUrl(issueKey: string): string;
  /** The project page "Alert reports"; `gadgetUrl` plays the dashboard gadget. */
  reportsUrl: string;
  gadgetUrl: string;
  /** The in-process queue: `idle()` resolves once every queued sync has run. */
  queue: LocalQueue;
  close(): Promise<void>;
}

const SURFACES: readonly Surface[] = ['settings', 'issue-panel', 'reports'];
const MAX_BODY_BYTES = 1024 * 1024;

function isSurface(value: string): value is Surface {
  return SURFACES.some((surface) => surface === value);
}

function readBody(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('request body too large'));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

export async function startHost(options: HostOptions): Promise<Host> {
  const { sandbox, store, deps } = options;
  const project = options.project ?? { id: DEMO_PROJECT_ID, key: DEMO_PROJECT_KEY };
  const buildRoot = options.buildRoot ?? path.resolve(__dirname, '../../static');
  const queue = createLocalQueue(deps, deps.logger);
  const apiOptions = {
    allowLoopbackMcas: true,
    abuseIpdbBaseUrl: deps.abuseIpdbBaseUrl,
    entraLoginBaseUrl: deps.entraLoginBaseUrl,
  };

  /** The handlers for one caller: their Jira rights come with the transport they are built on. */
  function handlersFor(surface: Surface, accountId: string): Record<string, Handler> | undefined {
    const user =
      accountId === SANDBOX_JIRA_ADMIN.accountId
        ? SANDBOX_JIRA_ADMIN
        : sandbox.jira.site.userByAccountId(accountId);
    if (user === undefined) return undefined;
    const ports = {
      store,
      http: deps.http,
      // `as: 'app'` calls go as the sandbox admin (the app), `as: 'user'` as the caller.
      jira: createSandboxJiraTransport(sandbox.jira, { app: SANDBOX_JIRA_ADMIN, user }, deps.http),
      queue,
      clock: deps.clock,
      logger: deps.logger,
    };
    if (surface === 'reports') return createReportApi(ports);
    return surface === 'settings'
      ? createSettingsApi(ports, apiOptions)
      : createPanelApi(ports, apiOptions);
  }

  async function bridge(surface: Surface, name: string, url: URL, body: string) {
    const accountId = url.searchParams.get('as') ?? SANDBOX_JIRA_ADMIN.accountId;
    const handlers = handlersFor(surface, accountId);
    if (handlers === undefined) {
      // Answered as a resolver answers, so the page shows this message: an HTTP error read as
      // "Check your connection" (issue 14, finding 9). On Forge every caller is a Jira user.
      return {
        status: 200,
        json: failure(
          'FORBIDDEN',
          `The sandbox Jira has no user with account id "${accountId}". Open the page without ?as=, or with the account id of a sandbox user.`,
        ),
      };
    }
    const handler = Object.prototype.hasOwnProperty.call(handlers, name)
      ? handlers[name]
      : undefined;
    if (handler === undefined) return { status: 404, json: { error: `No resolver ${name}` } };
    let payload: unknown;
    try {
      payload = body === '' ? {} : JSON.parse(body);
    } catch {
      return { status: 400, json: { error: 'The body is not JSON' } };
    }
    // The gadget (?gadget=1) has no project of its own: its request names one.
    const caller: Caller =
      surface === 'settings' || (surface === 'reports' && url.searchParams.get('gadget') !== '1')
        ? { accountId, project }
        : { accountId, issueKey: url.searchParams.get('issueKey') ?? undefined };
    return { status: 200, json: await handler(payload, caller) };
  }

  const server = http.createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const [, first = '', second = '', ...rest] = url.pathname.split('/');
      try {
        if (request.method === 'POST' && first === 'bridge' && isSurface(second)) {
          const name = decodeURIComponent(rest.join('/'));
          const answer = await bridge(second, name, url, await readBody(request));
          response.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8' });
          response.end(JSON.stringify(answer.json));
          return;
        }
        if (request.method === 'GET' && isSurface(first)) {
          if (url.pathname === `/${first}`) {
            response.writeHead(302, { location: `/${first}/${url.search}` });
            response.end();
            return;
          }
          const relative = url.pathname.slice(first.length + 2);
          const file =
            relative === BRIDGE_SCRIPT_FILE
              ? {
                  body: Buffer.from(bridgeScript(first, sandbox.jira.url), 'utf8'),
                  contentType: 'text/javascript; charset=utf-8',
                }
              : await readBuildFile(
                  path.join(buildRoot, first, 'build'),
                  relative,
                  bridgeScriptTag(),
                );
          if (file !== undefined) {
            response.writeHead(200, {
              'content-type': file.contentType,
              'cache-control': 'no-store',
              'content-security-policy': CUSTOM_UI_CSP,
            });
            response.end(file.body);
            return;
          }
          response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
          response.end(`Not built: run npm run build:ui (looked in static/${first}/build)`);
          return;
        }
        if (request.method === 'GET' && url.pathname === '/') {
          response.writeHead(302, { location: '/settings/' });
          response.end();
          return;
        }
        response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
        response.end('Not found');
      } catch (error) {
        deps.logger.error('local host request failed', {
          path: url.pathname,
          message: error instanceof Error ? error.message : String(error),
        });
        if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
        response.end('Local host error');
      }
    })();
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  const issuePanelUrl = (issueKey: string) =>
    `${origin}/issue-panel/?issueKey=${encodeURIComponent(issueKey)}`;
  sandbox.jira.setIssueLinkTemplate(issuePanelUrl);

  return {
    url: origin,
    settingsUrl: `${origin}/settings/`,
    issuePanelUrl,
    reportsUrl: `${origin}/reports/`,
    gadgetUrl: `${origin}/reports/?gadget=1&project=${encodeURIComponent(project.key)}&range=months12`,
    queue,
    close: async () => {
      sandbox.jira.setIssueLinkTemplate(undefined);
      queue.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
