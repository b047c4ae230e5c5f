import '@atlaskit/css-reset';
import { createRoot } from 'react-dom/client';
import { enableTheme } from '../../shared/bridge';
import { ReportsApp } from './ReportsApp';

void enableTheme();

const root = document.getElementById('root');
if (root !== null) createRoot(root).render(<ReportsApp />);
