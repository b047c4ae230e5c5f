// Must stay the first import: it switches zod to jitless before any schema exists (the report
// page and the gadget run under the same Custom UI policy, which refuses eval).
import '../../shared/zod-jitless';
import '@atlaskit/css-reset';
import { createRoot } from 'react-dom/client';
import { enableTheme } from '../../shared/bridge';
import { ReportsApp } from './ReportsApp';

void enableTheme();

const root = document.getElementById('root');
if (root !== null) createRoot(root).render(<ReportsApp />);
