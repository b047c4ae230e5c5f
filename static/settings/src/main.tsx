// Must stay the first import: it switches zod to jitless before any schema exists.
import '../../shared/zod-jitless';
import '@atlaskit/css-reset';
import { FlagsProvider } from '@atlaskit/flag';
import { createRoot } from 'react-dom/client';
import { enableTheme } from '../../shared/bridge';
import { SettingsApp } from './SettingsApp';

void enableTheme();

const root = document.getElementById('root');
if (root !== null) {
  createRoot(root).render(
    <FlagsProvider>
      <SettingsApp />
    </FlagsProvider>,
  );
}
