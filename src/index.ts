/** The Forge handlers the manifest names (`index.<handler>`), grouped by trigger kind. */
export { scheduler } from './forge/scheduler';
export { worker } from './forge/worker';
export { projectEvents } from './forge/project-events';
export { issueWriteBack } from './forge/issue-events';
export { panelResolver, reportResolver, settingsResolver } from './forge/resolvers';
export { personalData } from './forge/personal-data';
