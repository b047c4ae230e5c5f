/**
 * "Test connection" in the tenant dialog: the tenant as stored, or as typed and not saved yet,
 * is read with one real call (after the Entra token, for an Entra app). The stored secret only
 * goes where it was given (core/secret-binding.ts); a URL that breaks the tenant rules is not
 * called at all.
 */
import { createEntraTokenProvider } from '../../clients/entra';
import { createGraphAlertsClient } from '../../clients/graph';
import { createMcasClient } from '../../clients/mcas';
import type { ProjectId } from '../../core/config';
import { tenantUrlMessage } from '../../core/config';
import {
  TenantInputError,
  boundSecret,
  requireTenant,
  resolveTenantAuth,
  resolveTenantEndpoint,
} from '../settings-tenants';
import type { TenantEndpoint } from '../settings-tenants';
import { graphTokenFor, mcasAuthFor, secretName } from '../tenant-auth';
import { UNSAVED_TENANT_NAME, tenantDialogAdvice } from '../test-advice';
import { testGraphConnection, testTenantConnection } from '../test-connection';
import type { TenantTestOutcome } from '../test-connection';
import type { ResolverDeps } from '../resolver-deps';

/** The tenant to test: a stored one by id, with any field the dialog changed, or a new one. */
export type TenantTestInput = Parameters<typeof resolveTenantEndpoint>[0] &
  Parameters<typeof resolveTenantAuth>[0] & { tenantId?: string | undefined };

export async function testTenant(
  deps: ResolverDeps,
  projectId: ProjectId,
  input: TenantTestInput,
): Promise<TenantTestOutcome> {
  const stored =
    input.tenantId !== undefined
      ? await requireTenant(deps.store, { projectId, tenantId: input.tenantId })
      : undefined;
  let endpoint: TenantEndpoint;
  try {
    // A stored URL saved under other rules is checked again before a token goes to it.
    endpoint = resolveTenantEndpoint(input, stored, {
      allowLoopback: deps.options.allowLoopbackMcas === true,
      checkStored: true,
    });
  } catch (error) {
    if (!(error instanceof TenantInputError)) throw error;
    const source = input.source ?? stored?.source ?? 'mcas';
    return {
      outcome: 'failed' as const,
      problem: 'notMcasUrl' as const,
      message: `The API URL ${tenantUrlMessage(source)}.`,
    };
  }
  const auth = resolveTenantAuth(input, stored, false);
  // The stored secret is bound to the mode, URL, directory and client id it was given
  // for: a test against anything else must bring the secret again.
  const secret = auth.secret ?? (await boundSecret(deps.store, projectId, stored, endpoint, auth));
  if (secret === undefined) {
    return {
      outcome: 'failed' as const,
      problem: 'wrongToken' as const,
      message:
        stored && !auth.newMode
          ? `The URL, directory or client id changed, and the saved ${secretName(auth.authMode)} is only sent where it was given. Paste it again and test.`
          : `No ${secretName(auth.authMode)} is saved for this tenant. Paste one and test again.`,
    };
  }
  const tenantName = stored?.name ?? UNSAVED_TENANT_NAME;
  const connection = {
    tenantId: stored?.id ?? 'connection-test',
    tenantName,
    baseUrl: endpoint.url,
  };
  const clientDeps = {
    http: deps.http,
    clock: deps.clock,
    logger: deps.logger,
    policy: deps.policy,
  };
  const entra = createEntraTokenProvider({
    ...clientDeps,
    loginBaseUrl: deps.options.entraLoginBaseUrl,
  });
  const credentials = { name: tenantName, ...auth };
  const result =
    endpoint.source === 'graph'
      ? await testGraphConnection(createGraphAlertsClient(clientDeps), connection, () =>
          graphTokenFor(credentials, secret, entra),
        )
      : await testTenantConnection(createMcasClient(clientDeps), connection, () =>
          mcasAuthFor(credentials, secret, entra),
        );
  return result.outcome === 'failed'
    ? { ...result, message: tenantDialogAdvice(result.message) }
    : result;
}
