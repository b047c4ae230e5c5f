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
    /** The local host's stand-in for `router.open` (reports open Jira's issue search). */
    __LOCAL_OPEN__?: (path: string) => void;
    /** The local host's stand-in for the module context (`view.getContext().extension`). */
    __LOCAL_EXTENSION__?: Record<string, unknown>;
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

/** Opens a path of the Jira site (e.g. `/issues/?jql=…`) in a new tab: `router.open` in Jira. */
export async function openInJira(path: string): Promise<void> {
  if (typeof window !== 'undefined' && window.__LOCAL_OPEN__ !== undefined) {
    window.__LOCAL_OPEN__(path);
    return;
  }
  const { router } = await import('@forge/bridge');
  await router.open(path);
}

/** The module's extension context: its type, entry point and, for a gadget, its configuration. */
export async function moduleExtension(): Promise<Record<string, unknown>> {
  if (typeof window !== 'undefined' && window.__LOCAL_EXTENSION__ !== undefined)
    return window.__LOCAL_EXTENSION__;
  const { view } = await import('@forge/bridge');
  const context = (await view.getContext()) as { extension?: Record<string, unknown> };
  return context.extension ?? {};
}

/** A dashboard gadget's edit view saves its configuration (`view.submit`). */
export async function submitGadgetConfiguration(config: Record<string, unknown>): Promise<void> {
  if (typeof window !== 'undefined' && window.__LOCAL_EXTENSION__ !== undefined) {
    window.__LOCAL_EXTENSION__ = {
      ...window.__LOCAL_EXTENSION__,
      entryPoint: undefined,
      gadgetConfiguration: config,
    };
    window.dispatchEvent(new Event('local-gadget-saved'));
    return;
  }
  const { view } = await import('@forge/bridge');
  await view.submit(config);
}
