/**
 * Add or edit a tenant. Its alerts are read from the MCAS alerts API or from Microsoft Graph
 * security `alerts_v2`. It signs in with an API token (MCAS only) or an Entra app (Directory
 * (tenant) ID, Application (client) ID, client secret). Secrets are write-only: the field starts
 * empty, the stored secret is only described ("set, ends in …a1b2"), and leaving it empty on edit
 * keeps it.
 */
import Button from '@atlaskit/button/new';
import Modal, { ModalBody, ModalFooter, ModalHeader, ModalTitle } from '@atlaskit/modal-dialog';
import Textfield from '@atlaskit/textfield';
import { useState } from 'react';
import type { TenantView, TestTenantResponse } from '../../../../src/contract/settings';
import type { TenantAuthMode, TenantSource } from '../../../../src/contract/domain';
import { ResolverCallError } from '../../../shared/client';
import { FormRow, errorAt } from '../../../shared/form-row';
import { Picker } from '../../../shared/Picker';
import { useNotify } from '../../../shared/notify';
import { describeSecret } from '../../../shared/secret-hint';
import { secretStillBound } from '../../../../src/contract/secret-binding';
import { R } from '../settings-client';
import { useSettings } from '../settings-context';
import { TenantTestResult } from './TenantTestResult';
import { TENANT_SOURCES, graphUrlAfterSwitch } from './tenant-source';

export interface TenantModalProps {
  /** Absent: add a new tenant. */
  tenant?: TenantView | undefined;
  onClose: () => void;
}

const AUTH_MODES: Array<{ value: TenantAuthMode; label: string }> = [
  { value: 'entra', label: 'Entra app' },
  { value: 'token', label: 'API token' },
];
const REBIND_HELP =
  'Required again: the URL, directory or client id changed, and the saved secret is only sent where it was given.';

/** Microsoft Graph accepts no API token. */
const GRAPH_AUTH_MODES = AUTH_MODES.filter((mode) => mode.value === 'entra');

export function TenantModal({ tenant, onClose }: TenantModalProps) {
  const { client, overview, reload } = useSettings();
  const notify = useNotify();
  const [name, setName] = useState(tenant?.name ?? '');
  const [source, setSource] = useState<TenantSource>(tenant?.source ?? 'mcas');
  const [url, setUrl] = useState(tenant?.url ?? '');
  /** The URL the other source had, put back when the admin switches back to it. */
  const [otherUrl, setOtherUrl] = useState('');
  /** The MCAS sign-in as chosen; Graph always uses the Entra app and leaves this as it was. */
  const [mcasAuthMode, setMcasAuthMode] = useState<TenantAuthMode>(tenant?.authMode ?? 'token');
  const [token, setToken] = useState('');
  const [entraTenantId, setEntraTenantId] = useState(tenant?.entraTenantId ?? '');
  const [clientId, setClientId] = useState(tenant?.clientId ?? '');
  const [clientSecret, setClientSecret] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState<'saving' | 'testing' | undefined>();
  const [testResult, setTestResult] = useState<TestTenantResponse | undefined>();

  const graph = source === 'graph';
  const authMode: TenantAuthMode = graph ? 'entra' : mcasAuthMode;
  const typedToken = token.trim() === '' ? undefined : token;
  const typedSecret = clientSecret.trim() === '' ? undefined : clientSecret;
  /**
   * The stored secret is bound to the mode, URL, directory and client id it was given for: change
   * one and the field asks for the secret again (the server insists too).
   */
  const storedSecret =
    tenant !== undefined &&
    secretStillBound(tenant, {
      source,
      url: graph && url.trim() === '' ? tenant.url : url,
      authMode,
      entraTenantId: authMode === 'entra' ? entraTenantId : undefined,
      clientId: authMode === 'entra' ? clientId : undefined,
    })
      ? tenant.token
      : undefined;

  /** A secret is saved for this mode, but not for where it would now go. */
  const rebind = tenant !== undefined && tenant.authMode === authMode && storedSecret === undefined;

  function chooseSource(next: TenantSource) {
    if (next === source) return;
    setOtherUrl(url);
    if (next === 'graph') {
      setUrl(otherUrl !== '' ? otherUrl : graphUrlAfterSwitch(url, overview.allowLoopbackMcas));
    } else {
      setUrl(otherUrl);
    }
    setSource(next);
    setErrors({});
    setTestResult(undefined);
  }

  /**
   * The source and URL of a request. A Graph URL left empty is not sent: the server then reads
   * https://graph.microsoft.com (a new tenant) or keeps the stored Graph URL.
   */
  function endpoint() {
    return graph && url.trim() === '' ? { source } : { source, url };
  }

  /**
   * The credential fields of a request. A new tenant sends every field of its mode (empty ones
   * come back as "is required"); an edited one sends its Entra ids and only the secrets typed.
   */
  function credentials(isNew: boolean) {
    // A secret that no longer fits where it would go is sent as typed, empty or not, so the
    // server answers "is required again" at the field.
    const sendSecret = isNew || storedSecret === undefined;
    if (authMode === 'token') {
      return { authMode, ...(sendSecret || typedToken !== undefined ? { token } : {}) };
    }
    return {
      authMode,
      entraTenantId,
      clientId,
      ...(sendSecret || typedSecret !== undefined ? { clientSecret } : {}),
    };
  }

  async function save() {
    setBusy('saving');
    setErrors({});
    try {
      if (tenant === undefined) {
        await client.call(R.addTenant, { name, ...endpoint(), ...credentials(true) });
        notify.success(`Tenant "${name.trim()}" added`);
      } else {
        await client.call(R.updateTenant, {
          tenantId: tenant.id,
          name,
          ...endpoint(),
          ...credentials(false),
        });
        notify.success(`Tenant "${name.trim()}" saved`);
      }
      await reload();
      onClose();
    } catch (error) {
      if (error instanceof ResolverCallError && error.error.code === 'INVALID_INPUT') {
        setErrors(error.fieldErrors);
      } else {
        notify.error('Tenant not saved', error);
      }
      setBusy(undefined);
    }
  }

  async function test() {
    setBusy('testing');
    setErrors({});
    setTestResult(undefined);
    try {
      const result =
        tenant === undefined
          ? await client.call(R.testTenant, { ...endpoint(), ...credentials(true) })
          : await client.call(R.testTenant, {
              tenantId: tenant.id,
              // The stored URL is tested as stored unless the URL or the source changed.
              ...(url !== tenant.url || source !== tenant.source ? endpoint() : { source }),
              ...credentials(false),
            });
      setTestResult(result);
    } catch (error) {
      if (error instanceof ResolverCallError && error.error.code === 'INVALID_INPUT') {
        setErrors(error.fieldErrors);
      } else {
        notify.error('Connection not tested', error);
      }
    }
    setBusy(undefined);
  }

  const title = tenant === undefined ? 'Add tenant' : `Edit tenant "${tenant.name}"`;
  // The server keeps the claims and checkpoint: Graph names an alert by its MCAS id.
  const historyNote =
    tenant === undefined
      ? ''
      : " Changing the source keeps this tenant's history. Alerts already imported are not imported again.";
  const sourceHelp =
    (graph
      ? 'Reads the Defender for Cloud Apps alerts from Microsoft Graph (security alerts_v2), where Microsoft Defender lists the alerts of all its products.'
      : "Reads the alerts from the tenant's Defender for Cloud Apps (MCAS) API.") + historyNote;
  const sandboxNote = overview.allowLoopbackMcas
    ? " This sandbox also accepts its Graph simulator's http://127.0.0.1 URL."
    : '';
  const urlHelp = graph
    ? `Microsoft Graph's global service, https://graph.microsoft.com (national clouds are not supported).${sandboxNote}`
    : 'MCAS portal → Settings → About, e.g. https://contoso.eu2.portal.cloudappsecurity.com/';
  return (
    <Modal onClose={onClose} width="medium" label={title}>
      <form
        // Inline errors in plain words instead of the browser's own bubbles.
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <ModalHeader>
          <ModalTitle>{title}</ModalTitle>
        </ModalHeader>
        <ModalBody>
          <FormRow
            id="tenant-source"
            label="Alert source"
            error={errorAt(errors, 'source')}
            help={sourceHelp}
          >
            <Picker
              id="tenant-source"
              options={TENANT_SOURCES}
              value={source}
              onChange={(value) => {
                if (value === 'mcas' || value === 'graph') chooseSource(value);
              }}
            />
          </FormRow>
          <FormRow
            id="tenant-name"
            label="Name"
            error={errorAt(errors, 'name')}
            help="How issues and runs name this tenant, e.g. Contoso EU."
          >
            <Textfield
              id="tenant-name"
              value={name}
              isInvalid={errorAt(errors, 'name') !== undefined}
              onChange={(event) => setName(event.currentTarget.value)}
            />
          </FormRow>
          <FormRow
            id="tenant-url"
            label={graph ? 'Graph URL' : 'API URL'}
            error={errorAt(errors, 'url')}
            help={urlHelp}
          >
            <Textfield
              id="tenant-url"
              value={url}
              isInvalid={errorAt(errors, 'url') !== undefined}
              onChange={(event) => setUrl(event.currentTarget.value)}
            />
          </FormRow>
          <FormRow
            id="tenant-auth-mode"
            label="Authentication"
            error={errorAt(errors, 'authMode')}
            help={
              graph
                ? 'Microsoft Graph accepts only an Entra app: an app registration with the Microsoft Graph application permission SecurityAlert.Read.All (admin consent).'
                : authMode === 'entra'
                  ? 'An Entra app registration with the Microsoft Cloud App Security application permission Investigation.read (admin consent). Microsoft recommends it.'
                  : 'A legacy API token, which Microsoft calls "on a deprecation path". An Entra app is recommended.'
            }
          >
            <Picker
              id="tenant-auth-mode"
              options={graph ? GRAPH_AUTH_MODES : AUTH_MODES}
              value={authMode}
              isDisabled={graph}
              onChange={(value) => {
                if (value === 'token' || value === 'entra') setMcasAuthMode(value);
              }}
            />
          </FormRow>
          {authMode === 'token' ? (
            <FormRow
              id="tenant-token"
              label="API token"
              error={errorAt(errors, 'token')}
              help={
                rebind
                  ? REBIND_HELP
                  : storedSecret === undefined
                    ? 'MCAS portal → Settings → Security extensions → API tokens. It is stored encrypted and never shown again.'
                    : `Stored token: ${describeSecret(storedSecret)}. Leave empty to keep it.`
              }
            >
              <Textfield
                id="tenant-token"
                type="password"
                autoComplete="off"
                value={token}
                isInvalid={errorAt(errors, 'token') !== undefined}
                onChange={(event) => setToken(event.currentTarget.value)}
              />
            </FormRow>
          ) : (
            <>
              <FormRow
                id="tenant-entra-tenant-id"
                label="Directory (tenant) ID"
                error={errorAt(errors, 'entraTenantId')}
                help="Entra → App registrations → the app → Overview. A verified domain such as contoso.onmicrosoft.com works too."
              >
                <Textfield
                  id="tenant-entra-tenant-id"
                  value={entraTenantId}
                  isInvalid={errorAt(errors, 'entraTenantId') !== undefined}
                  onChange={(event) => setEntraTenantId(event.currentTarget.value)}
                />
              </FormRow>
              <FormRow
                id="tenant-client-id"
                label="Application (client) ID"
                error={errorAt(errors, 'clientId')}
                help="Entra → App registrations → the app → Overview."
              >
                <Textfield
                  id="tenant-client-id"
                  value={clientId}
                  isInvalid={errorAt(errors, 'clientId') !== undefined}
                  onChange={(event) => setClientId(event.currentTarget.value)}
                />
              </FormRow>
              <FormRow
                id="tenant-client-secret"
                label="Client secret"
                error={errorAt(errors, 'clientSecret')}
                help={
                  rebind
                    ? REBIND_HELP
                    : storedSecret === undefined
                      ? "The app → Certificates & secrets: the secret's Value, not its ID. It is stored encrypted and never shown again."
                      : `Stored client secret: ${describeSecret(storedSecret)}. Leave empty to keep it.`
                }
              >
                <Textfield
                  id="tenant-client-secret"
                  type="password"
                  autoComplete="off"
                  value={clientSecret}
                  isInvalid={errorAt(errors, 'clientSecret') !== undefined}
                  onChange={(event) => setClientSecret(event.currentTarget.value)}
                />
              </FormRow>
            </>
          )}
          {testResult !== undefined ? <TenantTestResult result={testResult} /> : null}
        </ModalBody>
        <ModalFooter>
          <Button
            onClick={() => void test()}
            isLoading={busy === 'testing'}
            isDisabled={busy !== undefined}
          >
            Test connection
          </Button>
          <Button appearance="subtle" onClick={onClose}>
            Cancel
          </Button>
          <Button
            appearance="primary"
            type="submit"
            isLoading={busy === 'saving'}
            isDisabled={busy !== undefined}
          >
            {tenant === undefined ? 'Add tenant' : 'Save tenant'}
          </Button>
        </ModalFooter>
      </form>
    </Modal>
  );
}
