/**
 * The resolvers as plain functions, for hosts other than Forge: the sandbox host serves them to
 * the Custom UIs over loopback HTTP as src/forge/resolvers.ts does on Forge.
 */
export type { Caller, Handler } from './ports';
export { createPanelApi } from './panel';
export { createReportApi } from './reports';
export { createSettingsApi } from './settings';
