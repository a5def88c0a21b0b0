import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { applyTheme } from './hooks/use-theme';
import './styles/theme.css';
import './styles/base.css';
import './styles/controls.css';
import './styles/shell.css';
import './styles/overlays.css';
import './styles/pages.css';
import './styles/media.css';
import './styles/shares.css';
import './styles/admin.css';

applyTheme();

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
