/** Mounts the app. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { prepareParseWorker } from './workers/parse-client';
import { whenIdle } from './hooks/idle';
import './app.css';

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// The page's first Intl call loads ICU's data (~35 ms in Chromium): make it while the page is
// idle after start-up rather than inside the first render of a large file (counts, sizes).
whenIdle(() => (0).toLocaleString('en-US'));
// The parse worker and its reader are started in idle time too, not by the drop (parse-client.ts).
whenIdle(() => prepareParseWorker());
