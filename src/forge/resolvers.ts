/**
 * One Forge resolver per UI surface, each registering the same handler map the local host page
 * uses. The caller comes from `req.context`, which Forge fills in on its side (account, and the
 * project or issue the module is shown on); `view.getContext()` in the browser is not trusted and
 * nothing in a payload can name a project or issue.
 */
import Resolver from '@forge/resolver';
import { z } from 'zod';
import { createPanelApi } from '../api/panel';
import { createReportApi } from '../api/reports';
import type { Caller, Handler } from '../api/ports';
import { createSettingsApi } from '../api/settings';
import { failure } from '../contract/result';
import { forgePorts } from './ports';

const ForgeContext = z.looseObject({
  accountId: z.string().min(1).max(128),
  extension: z
    .looseObject({
      project: z
        .looseObject({ id: z.string().max(20).optional(), key: z.string().max(20) })
        .optional(),
      issue: z.looseObject({ key: z.string().max(40) }).optional(),
    })
    .optional(),
});

export function callerFrom(context: unknown): Caller | undefined {
  const parsed = ForgeContext.safeParse(context);
  if (!parsed.success) return undefined;
  const { accountId, extension } = parsed.data;
  return {
    accountId,
    ...(extension?.project?.id !== undefined
      ? { project: { id: extension.project.id, key: extension.project.key } }
      : {}),
    ...(extension?.issue ? { issueKey: extension.issue.key } : {}),
  };
}

function resolverFor(handlers: Record<string, Handler>) {
  const resolver = new Resolver();
  for (const [name, handler] of Object.entries(handlers)) {
    resolver.define(name, async ({ payload, context }: { payload: unknown; context: unknown }) => {
      const caller = callerFrom(context);
      if (!caller) return failure('FORBIDDEN', 'Sign in to Jira to use this app.');
      return handler(payload, caller);
    });
  }
  return resolver.getDefinitions();
}

export const settingsResolver = resolverFor(createSettingsApi(forgePorts()));
export const panelResolver = resolverFor(createPanelApi(forgePorts()));
export const reportResolver = resolverFor(createReportApi(forgePorts()));
