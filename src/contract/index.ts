/** The resolver contract shared by the backend and the Custom UIs. Depends on zod only. */
export * from './common';
export * from './panel';
export * from './result';
export * from './settings';
export * from './reports';
