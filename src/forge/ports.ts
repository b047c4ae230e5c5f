/** The ports as the Forge runtime provides them. */
import type { ApiPorts } from '../api/ports';
import { systemClock } from '../ports';
import { forgeHttp } from './http';
import { forgeJiraTransport } from './jira-transport';
import { createKvsStore } from './kvs-store';
import { consoleLogger } from './logger';
import { createForgeQueue } from './queue';

export function forgePorts(): ApiPorts {
  return {
    store: createKvsStore(),
    http: forgeHttp,
    jira: forgeJiraTransport,
    queue: createForgeQueue(),
    clock: systemClock,
    logger: consoleLogger,
  };
}
