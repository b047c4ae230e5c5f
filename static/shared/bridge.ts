/**
 * Where resolver calls and the theme come from. In Jira that is `@forge/bridge`; on the local host
 * page (sandbox/host) a small injected script defines `window.__LOCAL_BRIDGE__`, which posts the
 * same calls to the real resolver handlers running in Node. This module is the only place in the
 * UIs that knows the stand-in exists.
 *
 * `@forge/bridge` is imported lazily: it throws while loading when the page is not inside Jira
 * (it looks for Jira's `__bridge` at import time), which would break the local host page.
 */
import { setGlobalTheme } from '@atlaskit/tokens/set-global-theme';

/** Sends one resolver call and resolves with whatever the resolver returned. */
export type Invoker = (name: string, payload: Record<string, unknown>) => Promise<unknown>;

declare global {
  interface Window {
    __LOCAL_BRIDGE__?: Invoker;
    __LOCAL_THEME__?: 'light' | 'dark';
  }
}

function localBridge(): Invoker | undefined {
  return typeof window === 'undefined' ? undefined : window.__LOCAL_BRIDGE__;
}

export function resolveInvoker(): Invoker {
  const local = localBridge();
  if (local !== undefined) return local;
  return async (name, payload) => {
    const { invoke } = await import('@forge/bridge');
    return invoke<unknown>(name, payload);
  };
}

/**
 * Jira injects its light or dark theme once the app asks for it (`view.theme.enable`); the local
 * host has no Jira around it, so the tokens' own theme loader applies the mode the host chose.
 */
export async function enableTheme(): Promise<void> {
  if (localBridge() !== undefined) {
    await setGlobalTheme({ colorMode: window.__LOCAL_THEME__ ?? 'light' });
    return;
  }
  const { view } = await import('@forge/bridge');
  await view.theme.enable();
}
