/** The project settings page: loads the overview once, then one tab per part of the setup. */
import Button from '@atlaskit/button/new';
import EmptyState from '@atlaskit/empty-state';
import Heading from '@atlaskit/heading';
import Spinner from '@atlaskit/spinner';
import Tabs, { Tab, TabList, TabPanel } from '@atlaskit/tabs';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Overview } from '../../../src/contract/settings';
import { ResolverCallError, messageOf } from '../../shared/client';
import { useNotify } from '../../shared/notify';
import { AbuseIpdbSection } from './AbuseIpdbSection';
import { ProjectDataSection } from './ProjectDataSection';
import { configFieldErrors, draftOf } from './config/draft';
import type { ConfigDraft } from './config/draft';
import { FiltersSection } from './FiltersSection';
import { IssueCreationSection } from './IssueCreationSection';
import { RulesSection } from './rules/RulesSection';
import { RunsSection } from './runs/RunsSection';
import type { SettingsClient } from './settings-client';
import { R, createSettingsClient } from './settings-client';
import type { SettingsContextValue } from './settings-context';
import { SettingsContext } from './settings-context';
import { TenantsSection } from './tenants/TenantsSection';
import { WriteBackSection } from './WriteBackSection';

type Loaded =
  | { status: 'loading' }
  | { status: 'failed'; message: string }
  | { status: 'ready'; overview: Overview; client: SettingsClient };

export function SettingsApp() {
  const notify = useNotify();
  const [state, setState] = useState<Loaded>({ status: 'loading' });

  const reload = useCallback(async () => {
    try {
      const overview = await createSettingsClient().call(R.getOverview, {});
      // The server says whether it accepts loopback MCAS URLs (local sandbox only), so the
      // page's inline validation accepts exactly what the server will.
      const client = createSettingsClient({ allowLoopbackMcas: overview.allowLoopbackMcas });
      setState({ status: 'ready', overview, client });
    } catch (error) {
      setState({ status: 'failed', message: messageOf(error) });
    }
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);

  const context = useMemo((): SettingsContextValue | undefined => {
    if (state.status !== 'ready') return undefined;
    const { overview, client } = state;
    return {
      client,
      overview,
      reload,
      async saveConfig(patch: Partial<ConfigDraft>, what: string) {
        const config = { ...draftOf(overview), ...patch };
        if (config.issueType === '') {
          // A project's first save needs the issue type; say where to set it.
          notify.error(
            `${what} not saved`,
            new ResolverCallError({
              code: 'NOT_CONFIGURED',
              message: 'Choose the issue type under Issue creation and save it first.',
            }),
          );
          return { issueType: 'is required' };
        }
        try {
          await client.call(R.saveConfig, { config });
          notify.success(`${what} saved`);
          await reload();
          return {};
        } catch (error) {
          notify.error(`${what} not saved`, error);
          return error instanceof ResolverCallError ? configFieldErrors(error.fieldErrors) : {};
        }
      },
    };
  }, [state, reload, notify]);

  if (state.status === 'loading') {
    return (
      <div role="status" style={{ padding: 24 }}>
        <Spinner label="Loading settings" />
      </div>
    );
  }
  if (state.status === 'failed' || context === undefined) {
    return (
      <EmptyState
        header="The settings could not be loaded"
        description={state.status === 'failed' ? state.message : undefined}
        primaryAction={
          <Button appearance="primary" onClick={() => void reload()}>
            Try again
          </Button>
        }
      />
    );
  }

  return (
    <SettingsContext.Provider value={context}>
      <main style={{ padding: '16px 24px', maxWidth: 1200 }}>
        <Heading size="large" as="h1">
          Cloud App Alerts · {context.overview.projectKey}
        </Heading>
        <p>
          Turns Microsoft Defender for Cloud Apps alerts into Jira issues in this project, with the
          reputation of every IP address from AbuseIPDB.
        </p>
        <Tabs id="settings-tabs">
          <TabList>
            <Tab>Tenants</Tab>
            <Tab>AbuseIPDB</Tab>
            <Tab>Issue creation</Tab>
            <Tab>Filters and schedule</Tab>
            <Tab>Triage rules</Tab>
            <Tab>Write-back</Tab>
            <Tab>Runs</Tab>
            <Tab>Data and privacy</Tab>
          </TabList>
          <TabPanel>
            <TenantsSection />
          </TabPanel>
          <TabPanel>
            <AbuseIpdbSection />
          </TabPanel>
          <TabPanel>
            <IssueCreationSection />
          </TabPanel>
          <TabPanel>
            <FiltersSection />
          </TabPanel>
          <TabPanel>
            <RulesSection />
          </TabPanel>
          <TabPanel>
            <WriteBackSection />
          </TabPanel>
          <TabPanel>
            <RunsSection />
          </TabPanel>
          <TabPanel>
            <ProjectDataSection />
          </TabPanel>
        </Tabs>
      </main>
    </SettingsContext.Provider>
  );
}
