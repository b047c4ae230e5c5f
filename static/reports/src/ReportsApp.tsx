/**
 * One bundle, three views: the project page (project from Jira's context), the dashboard gadget
 * (project, range and stack from its saved configuration) and the gadget's edit view.
 */
import Button from '@atlaskit/button/new';
import { token } from '@atlaskit/tokens';
import { useEffect, useState } from 'react';
import { STACK_DIMENSIONS } from '../../../src/core/reports/model';
import { moduleExtension, submitGadgetConfiguration } from '../../shared/bridge';
import { VisuallyHidden } from '../../shared/VisuallyHidden';
import { ReportPanel } from './ReportPanel';
import { GadgetConfiguration, RANGE_KEYS, RANGES, STACK_LABELS } from './ranges';

type Mode =
  | { kind: 'loading' }
  | { kind: 'page' }
  | { kind: 'gadget'; config?: GadgetConfiguration }
  | { kind: 'edit'; config?: GadgetConfiguration };

function modeOf(extension: Record<string, unknown>): Mode {
  const config = GadgetConfiguration.safeParse(extension.gadgetConfiguration ?? {});
  const saved = config.success ? config.data : undefined;
  if (extension.type !== 'jira:dashboardGadget') return { kind: 'page' };
  return extension.entryPoint === 'edit'
    ? { kind: 'edit', ...(saved ? { config: saved } : {}) }
    : { kind: 'gadget', ...(saved ? { config: saved } : {}) };
}

function GadgetEdit(props: { config?: GadgetConfiguration }) {
  const [projectKey, setProjectKey] = useState(props.config?.projectKey ?? '');
  const [range, setRange] = useState(props.config?.range ?? 'weeks12');
  const [stack, setStack] = useState(props.config?.stack ?? 'severity');
  const [error, setError] = useState<string | undefined>();
  return (
    // A page of its own in the gadget's frame: one main landmark and a top-level heading.
    <main style={{ padding: token('space.200') }}>
      <h1 style={{ fontSize: 20 }}>Alert reports gadget</h1>
      <form
        style={{ display: 'grid', gap: 8, maxWidth: 360 }}
        onSubmit={(event) => {
          event.preventDefault();
          const parsed = GadgetConfiguration.safeParse({ projectKey, range, stack });
          if (!parsed.success) {
            setError('Project key must be a Jira project key, such as SEC.');
            return;
          }
          void submitGadgetConfiguration(parsed.data);
        }}
      >
        <label>
          Project key{' '}
          <input
            value={projectKey}
            onChange={(e) => setProjectKey(e.target.value.toUpperCase())}
            aria-invalid={error !== undefined}
            aria-describedby={error ? 'project-error' : undefined}
          />
        </label>
        {error ? (
          <span id="project-error" style={{ color: token('color.text.danger') }}>
            {error}
          </span>
        ) : null}
        <label>
          Range{' '}
          <select value={range} onChange={(e) => setRange(e.target.value as typeof range)}>
            {RANGE_KEYS.map((key) => (
              <option key={key} value={key}>
                {RANGES[key].label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Chart{' '}
          <select value={stack} onChange={(e) => setStack(e.target.value as typeof stack)}>
            {STACK_DIMENSIONS.map((key) => (
              <option key={key} value={key}>
                Alerts by {STACK_LABELS[key].toLowerCase()}
              </option>
            ))}
          </select>
        </label>
        <Button type="submit" appearance="primary">
          Save
        </Button>
      </form>
    </main>
  );
}

export function ReportsApp() {
  const [mode, setMode] = useState<Mode>({ kind: 'loading' });
  useEffect(() => {
    const refresh = () => void moduleExtension().then((extension) => setMode(modeOf(extension)));
    refresh();
    window.addEventListener('local-gadget-saved', refresh);
    return () => window.removeEventListener('local-gadget-saved', refresh);
  }, []);
  switch (mode.kind) {
    case 'loading':
      return null;
    case 'page':
      return <ReportPanel />;
    case 'edit':
      return <GadgetEdit {...(mode.config ? { config: mode.config } : {})} />;
    case 'gadget':
      return mode.config ? (
        <ReportPanel
          compact
          projectKey={mode.config.projectKey}
          initialRange={mode.config.range}
          initialStack={mode.config.stack}
        />
      ) : (
        <main style={{ padding: token('space.200') }}>
          <VisuallyHidden as="h1">Alert reports</VisuallyHidden>
          <p>Edit this gadget to choose a project.</p>
        </main>
      );
  }
}
