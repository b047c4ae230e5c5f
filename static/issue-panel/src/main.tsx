// Must stay the first import: it switches zod to jitless before any schema exists.
import '../../shared/zod-jitless';
import '@atlaskit/css-reset';
import { createRoot } from 'react-dom/client';
import { enableTheme } from '../../shared/bridge';
import { VisuallyHidden } from '../../shared/VisuallyHidden';
import { IssuePanel } from './IssuePanel';

void enableTheme();

// The panel is its own document in an iframe: screen readers and axe expect one main landmark
// and a first-level heading in it. Jira already shows the panel's title, so the heading is only
// for assistive technology.
const root = document.getElementById('root');
if (root !== null) {
  createRoot(root).render(
    <main>
      <VisuallyHidden as="h1">Cloud App Alerts: alert and IP reputation</VisuallyHidden>
      <IssuePanel />
    </main>,
  );
}
