/**
 * Entry of the monitor app's front end.
 * @module
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { cspNonce } from './page-settings.js';

const el = document.getElementById('root');
if (!el) throw new Error('index.html needs a <div id="root"> for the monitor app');
const nonce = cspNonce(document);
createRoot(el).render(
  <StrictMode>
    <App {...(nonce ? { styleNonce: nonce } : {})} />
  </StrictMode>,
);
