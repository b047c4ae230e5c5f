/**
 * Tenants: the Defender for Cloud Apps instances this project imports from, each read through its
 * MCAS API or Microsoft Graph, with their state and last run.
 */
import Button from '@atlaskit/button/new';
import DynamicTable from '@atlaskit/dynamic-table';
import EmptyState from '@atlaskit/empty-state';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import Modal, { ModalBody, ModalFooter, ModalHeader, ModalTitle } from '@atlaskit/modal-dialog';
import Toggle from '@atlaskit/toggle';
import { useState } from 'react';
import type { TenantView, TestTenantResponse } from '../../../../src/contract/settings';
import { BreakableUrl } from '../../../shared/BreakableUrl';
import { formatTime } from '../../../shared/format';
import { LongText } from '../../../shared/LongText';
import { useNotify } from '../../../shared/notify';
import { describeSecret } from '../../../shared/secret-hint';
import { R } from '../settings-client';
import { useSettings } from '../settings-context';
import { TenantModal } from './TenantModal';
import { TenantTestResult } from './TenantTestResult';
import { sourceName } from './tenant-source';

type Editing = { mode: 'add' } | { mode: 'edit'; tenant: TenantView } | undefined;

export function TenantsSection() {
  const { client, overview, reload } = useSettings();
  const notify = useNotify();
  const [editing, setEditing] = useState<Editing>();
  const [deleting, setDeleting] = useState<TenantView | undefined>();
  const [testing, setTesting] = useState<string | undefined>();
  const [results, setResults] = useState<Record<string, TestTenantResponse>>({});

  async function setEnabled(tenant: TenantView, enabled: boolean) {
    try {
      await client.call(R.setTenantEnabled, { tenantId: tenant.id, enabled });
      notify.success(`Tenant "${tenant.name}" ${enabled ? 'enabled' : 'disabled'}`);
      await reload();
    } catch (error) {
      notify.error(`Tenant "${tenant.name}" not changed`, error);
    }
  }

  // Write-back (issue 16): closing alerts needs a credential that may change them, so it is off
  // until an admin turns it on; Test connection says whether the credential may.
  async function setWriteBack(tenant: TenantView, writeBack: boolean) {
    try {
      await client.call(R.updateTenant, { tenantId: tenant.id, writeBack });
      notify.success(`Write-back ${writeBack ? 'on' : 'off'} for "${tenant.name}"`);
      await reload();
    } catch (error) {
      notify.error(`Tenant "${tenant.name}" not changed`, error);
    }
  }

  async function test(tenant: TenantView) {
    setTesting(tenant.id);
    try {
      const result = await client.call(R.testTenant, { tenantId: tenant.id });
      setResults((previous) => ({ ...previous, [tenant.id]: result }));
    } catch (error) {
      notify.error(`Connection to "${tenant.name}" not tested`, error);
    }
    setTesting(undefined);
  }

  async function remove(tenant: TenantView) {
    try {
      await client.call(R.deleteTenant, { tenantId: tenant.id });
      notify.success(`Tenant "${tenant.name}" deleted`);
      setDeleting(undefined);
      await reload();
    } catch (error) {
      notify.error(`Tenant "${tenant.name}" not deleted`, error);
    }
  }

  const rows = overview.tenants.map((tenant) => ({
    key: tenant.id,
    cells: [
      {
        key: 'name',
        content: (
          <span>
            <strong>{tenant.name}</strong>
            <br />
            {/* The id is what the "Tenant is one of" rule condition and the issues' tenant field hold. */}
            <span style={{ whiteSpace: 'nowrap' }}>
              id <code data-testid="tenant-id">{tenant.id}</code>
            </span>
          </span>
        ),
      },
      {
        key: 'source',
        content: (
          <span>
            <Lozenge appearance={tenant.source === 'graph' ? 'new' : 'default'}>
              {sourceName(tenant.source)}
            </Lozenge>{' '}
            <BreakableUrl url={tenant.url} />
          </span>
        ),
      },
      {
        key: 'auth',
        content: (
          // One line: "…ends in …oken" wrapped mid-phrase in a narrow column.
          <span style={{ whiteSpace: 'nowrap' }}>
            {tenant.authMode === 'entra' ? 'Entra app' : 'API token'} (
            {describeSecret(tenant.token)})
          </span>
        ),
      },
      {
        key: 'enabled',
        content: (
          <Toggle
            id={`tenant-enabled-${tenant.id}`}
            label={`Import alerts from ${tenant.name}`}
            isChecked={tenant.enabled}
            onChange={() => void setEnabled(tenant, !tenant.enabled)}
          />
        ),
      },
      {
        key: 'writeBack',
        content: (
          <Toggle
            id={`tenant-write-back-${tenant.id}`}
            label={`Close alerts of ${tenant.name} in Defender when their issues are resolved`}
            isChecked={tenant.writeBack === true}
            onChange={() => void setWriteBack(tenant, tenant.writeBack !== true)}
          />
        ),
      },
      {
        key: 'lastSync',
        content:
          tenant.lastRun === undefined ? (
            'never'
          ) : (
            <span>
              <span style={{ whiteSpace: 'nowrap' }}>{formatTime(tenant.lastRun.finishedAt)}</span>{' '}
              <Lozenge
                appearance={
                  tenant.lastRun.status === 'ok'
                    ? 'success'
                    : tenant.lastRun.status === 'partial'
                      ? 'moved'
                      : 'removed'
                }
              >
                {tenant.lastRun.status}
              </Lozenge>
            </span>
          ),
      },
      {
        key: 'lastError',
        content: tenant.lastError === undefined ? '—' : <LongText text={tenant.lastError} />,
      },
      {
        key: 'actions',
        content: (
          // The three buttons stay on the row: Delete fell onto a line of its own.
          <div style={{ display: 'flex', gap: 4, flexWrap: 'nowrap', whiteSpace: 'nowrap' }}>
            <Button
              onClick={() => setEditing({ mode: 'edit', tenant })}
              aria-label={`Edit ${tenant.name}`}
            >
              Edit
            </Button>
            <Button
              isLoading={testing === tenant.id}
              onClick={() => void test(tenant)}
              aria-label={`Test connection to ${tenant.name}`}
            >
              Test connection
            </Button>
            <Button
              appearance="subtle"
              onClick={() => setDeleting(tenant)}
              aria-label={`Delete ${tenant.name}`}
            >
              Delete
            </Button>
          </div>
        ),
      },
    ],
  }));

  return (
    <section aria-labelledby="tenants-heading" style={{ paddingBlock: 16 }}>
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
        <Heading size="medium" as="h2" id="tenants-heading">
          Tenants
        </Heading>
        <Button appearance="primary" onClick={() => setEditing({ mode: 'add' })}>
          Add tenant
        </Button>
      </div>
      {overview.tenants.length === 0 ? (
        <EmptyState
          header="No tenants yet"
          description="Add the first Defender for Cloud Apps tenant, read through its MCAS API URL or Microsoft Graph, with an Entra app or an API token. Alerts start arriving with the next scheduled sync, or press Sync now under Runs."
          primaryAction={
            <Button appearance="primary" onClick={() => setEditing({ mode: 'add' })}>
              Add the first tenant
            </Button>
          }
        />
      ) : (
        // Named for assistive technology by the label: a visible caption repeated the heading.
        <DynamicTable
          label="Tenants"
          head={{
            cells: [
              { key: 'name', content: 'Name' },
              { key: 'source', content: 'Source' },
              { key: 'auth', content: 'Auth' },
              { key: 'enabled', content: 'Enabled' },
              { key: 'writeBack', content: 'Write-back' },
              { key: 'lastSync', content: 'Last sync' },
              { key: 'lastError', content: 'Last error' },
              { key: 'actions', content: 'Actions' },
            ],
          }}
          rows={rows}
        />
      )}
      {Object.entries(results).map(([tenantId, result]) => {
        const tenant = overview.tenants.find((t) => t.id === tenantId);
        return tenant === undefined ? null : (
          <div key={tenantId}>
            <strong>{tenant.name}</strong>
            <TenantTestResult result={result} />
          </div>
        );
      })}
      {editing !== undefined ? (
        <TenantModal
          tenant={editing.mode === 'edit' ? editing.tenant : undefined}
          onClose={() => setEditing(undefined)}
        />
      ) : null}
      {deleting !== undefined ? (
        <Modal onClose={() => setDeleting(undefined)} label={`Delete tenant ${deleting.name}`}>
          <ModalHeader>
            <ModalTitle appearance="danger">Delete tenant &quot;{deleting.name}&quot;?</ModalTitle>
          </ModalHeader>
          <ModalBody>
            No more alerts are imported from this tenant and its token or client secret is deleted.
            Issues already created stay as they are.
          </ModalBody>
          <ModalFooter>
            <Button appearance="subtle" onClick={() => setDeleting(undefined)}>
              Cancel
            </Button>
            <Button appearance="danger" onClick={() => void remove(deleting)}>
              Delete tenant
            </Button>
          </ModalFooter>
        </Modal>
      ) : null}
    </section>
  );
}
