// Entry of the browser viewer: picks the data source (the report's embedded eval, or the server's
// API) and renders the app.

import './app.css';
import { render } from 'preact';
import { ApiSource } from './api-source.js';
import { App } from './components/app.js';
import { decodeEmbedded, EmbeddedSource, findEmbeddedData } from './embedded-source.js';

async function start(): Promise<void> {
  const root = document.getElementById('app')!;
  const embedded = findEmbeddedData(document);
  if (!embedded) {
    render(<App source={new ApiSource()} />, root);
    return;
  }
  try {
    const source = new EmbeddedSource(await decodeEmbedded(embedded.textContent ?? ''));
    render(<App source={source} />, root);
  } catch (err) {
    render(
      <div class="fatal">
        <h1>This report cannot be read</h1>
        <p>{(err as Error).message}</p>
      </div>,
      root,
    );
  }
}

void start();
