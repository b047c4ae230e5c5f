/**
 * The application layer's public entry point for the tools that drive it from outside Forge: the
 * sandbox CLI and host, and the bench (docs/architecture.md, "Layers"; the lint rules hold them
 * to it). Forge's own entry points (src/forge) and the resolvers (src/api) import the modules.
 */
export type { AlertReport, SyncDeps, SyncObserver } from './sync-tenant';
export { STALE_CLAIM_MS, syncTenant } from './sync-tenant';
export type { WorkerDeps } from './queued-sync';
export { runQueuedSync } from './queued-sync';
export { scheduleDueTenants } from './scheduler';
export {
  cacheJiraTarget,
  readCachedTarget,
  resolveJiraTarget,
  targetFromCache,
} from './jira-target';
export type { ResolvedTarget } from './jira-target';
export { handleIssueUpdated } from './issue-events';
export {
  deleteTenant,
  listTenants,
  loadProject,
  loadTenant,
  saveProject,
  saveTenant,
  setAbuseIpdbKey,
  setTenantToken,
} from './repository';
