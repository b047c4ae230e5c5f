/** The Forge handlers the manifest names (`index.<handler>`), grouped by trigger kind. */
export { scheduler } from './forge/scheduler';
export { worker } from './forge/worker';
export { panelResolver, reportResolver, settingsResolver } from './forge/resolvers';
