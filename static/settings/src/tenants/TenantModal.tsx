/**
 * Add or edit a tenant. The token is write-only: the field starts empty, the stored token is only
 * described ("set, ends in …a1b2"), and leaving the field empty on edit keeps it.
 */
import Button from '@atlaskit/button/new';
import Modal, { ModalBody, ModalFooter, ModalHeader, ModalTitle } from '@atlaskit/modal-dialog';
import Textfield from '@atlaskit/textfield';
import { useState } from 'react';
import type { TenantView, TestTenantResponse } from '../../../../src/contract/settings';
import { ResolverCallError } from '../../../shared/client';
import { FormRow, errorAt } from '../../../shared/form-row';
import { useNotify } from '../../../shared/notify';
import { describeSecret } from '../../../shared/secret-hint';
import { R } from '../settings-client';
import { useSettings } from '../settings-context';
import { TenantTestResult } from './TenantTestResult';

export interface TenantModalProps {
  /** Absent: add a new tenant. */
  tenant?: TenantView;
  onClose: () => void;
}

export function TenantModal({ tenant, onClose }: TenantModalProps) {
  const { client, reload } = useSettings();
  const notify = useNotify();
  const [name, setName] = useState(tenant?.name ?? '');
  const [url, setUrl] = useState(tenant?.url ?? '');
  const [token, setToken] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState<'saving' | 'testing' | undefined>();
  const [testResult, setTestResult] = useState<TestTenantResponse | undefined>();

  const typedToken = token.trim() === '' ? undefined : token;

  async function save() {
    setBusy('saving');
    setErrors({});
    try {
      if (tenant === undefined) {
        await client.call(R.addTenant, { name, url, token });
        notify.success(`Tenant "${name.trim()}" added`);
      } else {
        await client.call(R.updateTenant, {
          tenantId: tenant.id,
          name,
          url,
          ...(typedToken === undefined ? {} : { token: typedToken }),
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
          ? await client.call(R.testTenant, { url, token })
          : await client.call(R.testTenant, {
              tenantId: tenant.id,
              ...(url !== tenant.url ? { url } : {}),
              ...(typedToken === undefined ? {} : { token: typedToken }),
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
  return (
    <Modal onClose={onClose} width="medium" label={title}>
      <form
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
            label="API URL"
            error={errorAt(errors, 'url')}
            help="MCAS portal → Settings → About, e.g. https://contoso.eu2.portal.cloudappsecurity.com/"
          >
            <Textfield
              id="tenant-url"
              value={url}
              isInvalid={errorAt(errors, 'url') !== undefined}
              onChange={(event) => setUrl(event.currentTarget.value)}
            />
          </FormRow>
          <FormRow
            id="tenant-token"
            label="API token"
            error={errorAt(errors, 'token')}
            help={
              tenant === undefined
                ? 'MCAS portal → Settings → Security extensions → API tokens. It is stored encrypted and never shown again.'
                : `Stored token: ${describeSecret(tenant.token)}. Leave empty to keep it.`
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
