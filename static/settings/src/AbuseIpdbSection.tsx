/** AbuseIPDB: the project's API key (write-only), the look-back window and the cache lifetime. */
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import SectionMessage from '@atlaskit/section-message';
import Textfield from '@atlaskit/textfield';
import { useState } from 'react';
import type { TestAbuseIpdbKeyResponse } from '../../../src/contract/settings';
import type { QuotaView } from '../../../src/contract/common';
import { ResolverCallError } from '../../shared/client';
import { formatTime } from '../../shared/format';
import { FormRow, errorAt } from '../../shared/form-row';
import { useNotify } from '../../shared/notify';
import { describeSecret } from '../../shared/secret-hint';
import { draftOf } from './config/draft';
import { R } from './settings-client';
import { useSettings } from './settings-context';

function describeQuota(quota: QuotaView): string {
  if (quota.remaining === null) return 'AbuseIPDB did not report the daily quota.';
  const of = quota.limit === null ? '' : ` of ${quota.limit}`;
  const reset = quota.resetsAt === null ? '' : `; resets ${formatTime(quota.resetsAt)}`;
  return `${quota.remaining}${of} checks left today${reset}.`;
}

export function AbuseIpdbSection() {
  const { client, overview, reload, saveConfig } = useSettings();
  const notify = useNotify();
  const stored = draftOf(overview).abuseipdb;
  const [apiKey, setApiKey] = useState('');
  const [maxAgeInDays, setMaxAgeInDays] = useState(String(stored.maxAgeInDays));
  const [cacheHours, setCacheHours] = useState(String(stored.cacheHours));
  const [keyErrors, setKeyErrors] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState<'key' | 'test' | 'settings' | undefined>();
  const [testResult, setTestResult] = useState<TestAbuseIpdbKeyResponse | undefined>();

  async function saveKey() {
    setBusy('key');
    setKeyErrors({});
    try {
      await client.call(R.setAbuseIpdbKey, { apiKey });
      setApiKey('');
      notify.success('AbuseIPDB key saved');
      await reload();
    } catch (error) {
      if (error instanceof ResolverCallError && error.error.code === 'INVALID_INPUT') {
        setKeyErrors(error.fieldErrors);
      } else notify.error('AbuseIPDB key not saved', error);
    }
    setBusy(undefined);
  }

  async function testKey() {
    setBusy('test');
    setTestResult(undefined);
    try {
      setTestResult(await client.call(R.testAbuseIpdbKey, apiKey.trim() === '' ? {} : { apiKey }));
    } catch (error) {
      notify.error('AbuseIPDB key not tested', error);
    }
    setBusy(undefined);
  }

  async function saveSettings() {
    setBusy('settings');
    // A new check: an error that comes back again shows again, even if it reads the same.
    setErrors({});
    setErrors(
      await saveConfig(
        { abuseipdb: { maxAgeInDays: Number(maxAgeInDays), cacheHours: Number(cacheHours) } },
        'AbuseIPDB settings',
      ),
    );
    setBusy(undefined);
  }

  return (
    <section aria-labelledby="abuseipdb-heading" style={{ paddingBlock: 16, maxWidth: 640 }}>
      <Heading size="medium" as="h2" id="abuseipdb-heading">
        AbuseIPDB
      </Heading>
      <p>
        Every public IP address of an alert is checked once against AbuseIPDB; private and
        special-purpose addresses never leave Jira.
      </p>
      <FormRow
        id="abuseipdb-key"
        label="API key"
        error={errorAt(keyErrors, 'apiKey')}
        help={`Stored key: ${describeSecret(overview.abuseIpdbKey)}. Type a new key to replace it; it is never shown again.`}
      >
        <Textfield
          id="abuseipdb-key"
          type="password"
          autoComplete="off"
          value={apiKey}
          onChange={(event) => setApiKey(event.currentTarget.value)}
        />
      </FormRow>
      <div style={{ display: 'flex', gap: 8 }}>
        <Button appearance="primary" onClick={() => void saveKey()} isLoading={busy === 'key'}>
          Save key
        </Button>
        <Button onClick={() => void testKey()} isLoading={busy === 'test'}>
          Test key
        </Button>
      </div>
      {testResult !== undefined ? (
        <div role="status" style={{ marginBlock: 8 }} data-testid="abuseipdb-test-result">
          {testResult.outcome === 'valid' ? (
            <SectionMessage appearance="success" title="The key works">
              <p>{describeQuota(testResult.quota)}</p>
            </SectionMessage>
          ) : (
            <SectionMessage appearance="error" title="The key does not work">
              <p>{testResult.message}</p>
              {testResult.quota !== undefined ? <p>{describeQuota(testResult.quota)}</p> : null}
            </SectionMessage>
          )}
        </div>
      ) : null}
      <form
        // Inline errors in plain words instead of the browser's own bubbles.
        noValidate
        style={{ marginBlockStart: 24 }}
        onSubmit={(event) => {
          event.preventDefault();
          void saveSettings();
        }}
      >
        <FormRow
          id="abuseipdb-max-age"
          label="Look-back days"
          error={errorAt(errors, 'abuseipdb.maxAgeInDays')}
          help="Reports older than this are ignored (1–365)."
        >
          <Textfield
            id="abuseipdb-max-age"
            type="number"
            min={1}
            max={365}
            value={maxAgeInDays}
            onChange={(event) => setMaxAgeInDays(event.currentTarget.value)}
          />
        </FormRow>
        <FormRow
          id="abuseipdb-cache-hours"
          label="Cache hours"
          error={errorAt(errors, 'abuseipdb.cacheHours')}
          help="How long a verdict is reused before AbuseIPDB is asked again (0–168)."
        >
          <Textfield
            id="abuseipdb-cache-hours"
            type="number"
            min={0}
            max={168}
            value={cacheHours}
            onChange={(event) => setCacheHours(event.currentTarget.value)}
          />
        </FormRow>
        <Button appearance="primary" type="submit" isLoading={busy === 'settings'}>
          Save AbuseIPDB settings
        </Button>
      </form>
    </section>
  );
}
