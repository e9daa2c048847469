// The viewer's shell: a top bar and the page the hash route names.

import type { DataSource } from '../source.js';
import { ComparePage } from './compare-page.js';
import { EvalList } from './eval-list.js';
import { EvalPage } from './eval-page.js';
import { useRoute } from './use-route.js';

export function App({ source }: { source: DataSource }) {
  const [route, navigate] = useRoute();
  // A report holds one eval: every route opens it.
  const embeddedId = source.kind === 'embedded' ? (source as DataSource & { evalId: string }).evalId : undefined;
  const current = embeddedId && route.page !== 'eval' ? { page: 'eval' as const, id: embeddedId, filter: {} } : route;
  return (
    <div class="shell">
      <header class="topbar">
        <a class="brand" href="#/">
          Assay
        </a>
        {source.kind === 'api' && (
          <nav>
            <a href="#/" class={current.page === 'list' ? 'active' : ''}>
              Evals
            </a>
            <a href="#/compare" class={current.page === 'compare' ? 'active' : ''}>
              Compare
            </a>
          </nav>
        )}
        {source.kind === 'embedded' && <span class="topbar-note">Static report</span>}
      </header>
      {source.note && <div class="banner">{source.note}</div>}
      {current.page === 'list' && <EvalList source={source} q={current.q ?? ''} navigate={navigate} />}
      {current.page === 'eval' && <EvalPage key={current.id} source={source} route={current} navigate={navigate} />}
      {current.page === 'compare' && <ComparePage source={source} route={current} navigate={navigate} />}
    </div>
  );
}
