// Entry of the browser viewer: picks the data source (the report's embedded eval, or the server's
// API) and renders the app.

import './app.css';
import { render } from 'preact';

render(<p>Assay viewer</p>, document.getElementById('app')!);
