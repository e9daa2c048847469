// The eval page's filters: outcome, free-text/regex search, metric, provider, prompt, metadata,
// column visibility and how outputs render. Every filter goes into the URL through setFilter.

import { useEffect, useState } from 'preact/hooks';
import type { EvalHeader, RowFilter } from '../../contract.js';
import { count } from './format.js';
import type { RenderMode } from './output-view.js';

const SHOWS: Array<[NonNullable<RowFilter['show']>, string]> = [
  ['all', 'All'],
  ['failures', 'Failures'],
  ['errors', 'Errors'],
  ['passes', 'Passes'],
  ['differs', 'Differs'],
];

interface Props {
  header: EvalHeader;
  filter: RowFilter;
  setFilter: (filter: RowFilter, replace?: boolean) => void;
  mode: RenderMode;
  setMode: (mode: RenderMode) => void;
  hiddenVars: string[];
  setHiddenVars: (names: string[]) => void;
  total: number | undefined;
}

export function FilterBar({ header, filter, setFilter, mode, setMode, hiddenVars, setHiddenVars, total }: Props) {
  const [query, setQuery] = useState(filter.q ?? '');
  const [meta, setMeta] = useState(filter.meta ?? '');
  // Typing waits for a pause before it filters (and replaces the URL rather than adding history).
  useEffect(() => {
    if ((filter.q ?? '') === query) return;
    const timer = setTimeout(() => setFilter(withValue(filter, 'q', query), true), 250);
    return () => clearTimeout(timer);
  }, [query]);

  const providers = unique(header.columns.map((c) => c.providerLabel ?? c.provider));
  const prompts = unique(header.columns.map((c) => c.promptLabel));
  const shown = new Set(filter.columns ?? header.columns.map((c) => c.promptIdx));
  const pickColumns = (keep: (c: EvalHeader['columns'][number]) => boolean) => {
    const picked = header.columns.filter(keep).map((c) => c.promptIdx);
    setFilter({ ...filter, columns: picked.length === header.columns.length ? undefined : picked });
  };
  const toggleColumn = (idx: number) => {
    const next = new Set(shown);
    if (next.has(idx)) next.delete(idx);
    else next.add(idx);
    if (next.size === 0) return;
    pickColumns((c) => next.has(c.promptIdx));
  };

  return (
    <section class="filter-bar">
      <div class="segmented">
        {SHOWS.map(([value, label]) => (
          <button
            type="button"
            key={value}
            class={(filter.show ?? 'all') === value ? 'on' : ''}
            aria-pressed={(filter.show ?? 'all') === value}
            onClick={() => setFilter({ ...filter, show: value === 'all' ? undefined : value })}
          >
            {label}
          </button>
        ))}
      </div>
      <input
        class="search"
        type="search"
        placeholder={filter.regex ? 'Regex over vars, description, outputs' : 'Search vars, description, outputs'}
        value={query}
        onInput={(e) => setQuery(e.currentTarget.value)}
        aria-label="Search rows"
      />
      <label class="check">
        <input
          type="checkbox"
          checked={!!filter.regex}
          onChange={(e) => setFilter({ ...filter, regex: e.currentTarget.checked || undefined })}
        />
        regex
      </label>
      {header.metricNames.length > 0 && (
        <select
          aria-label="Metric"
          value={filter.metric ?? ''}
          onChange={(e) => setFilter(withValue(filter, 'metric', e.currentTarget.value))}
        >
          <option value="">any metric</option>
          {header.metricNames.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      )}
      {providers.length > 1 && (
        <select
          aria-label="Provider"
          value=""
          onChange={(e) => {
            const value = e.currentTarget.value;
            pickColumns((c) => !value || (c.providerLabel ?? c.provider) === value);
          }}
        >
          <option value="">provider…</option>
          {providers.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      )}
      {prompts.length > 1 && (
        <select
          aria-label="Prompt"
          value=""
          onChange={(e) => {
            const value = e.currentTarget.value;
            pickColumns((c) => !value || c.promptLabel === value);
          }}
        >
          <option value="">prompt…</option>
          {prompts.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      )}
      {header.metadataKeys.length > 0 && (
        <form
          class="meta-filter"
          onSubmit={(e) => {
            e.preventDefault();
            setFilter(withValue(filter, 'meta', meta.trim()));
          }}
        >
          <input
            list="assay-meta-keys"
            placeholder="metadata key=value"
            value={meta}
            onInput={(e) => setMeta(e.currentTarget.value)}
            aria-label="Metadata filter"
          />
          <datalist id="assay-meta-keys">
            {header.metadataKeys.map((key) => (
              <option key={key} value={`${key}=`} />
            ))}
          </datalist>
        </form>
      )}
      <details class="columns-menu">
        <summary>Columns</summary>
        <div class="menu">
          {header.columns.map((c) => (
            <label key={c.promptIdx} class="check">
              <input type="checkbox" checked={shown.has(c.promptIdx)} onChange={() => toggleColumn(c.promptIdx)} />
              {c.providerLabel ?? c.provider} · {c.promptLabel}
            </label>
          ))}
          {header.varNames.map((name) => (
            <label key={`var:${name}`} class="check">
              <input
                type="checkbox"
                checked={!hiddenVars.includes(name)}
                onChange={() =>
                  setHiddenVars(
                    hiddenVars.includes(name) ? hiddenVars.filter((n) => n !== name) : [...hiddenVars, name],
                  )
                }
              />
              var: {name}
            </label>
          ))}
        </div>
      </details>
      <select
        aria-label="Render outputs as"
        value={mode}
        onChange={(e) => setMode(e.currentTarget.value as RenderMode)}
      >
        <option value="text">Text</option>
        <option value="markdown">Markdown</option>
        <option value="json">JSON</option>
      </select>
      {hasFilter(filter) && (
        <button
          type="button"
          class="link-button"
          onClick={() => {
            setQuery('');
            setMeta('');
            setFilter({});
          }}
        >
          Clear filters
        </button>
      )}
      <span class="muted row-count">
        {total === undefined ? '…' : `${count(total)} ${total === 1 ? 'row' : 'rows'}`}
      </span>
    </section>
  );
}

function withValue(filter: RowFilter, key: 'q' | 'metric' | 'meta', value: string): RowFilter {
  const next = { ...filter };
  if (value) next[key] = value;
  else delete next[key];
  return next;
}

function hasFilter(filter: RowFilter): boolean {
  return Object.values(filter).some((value) => value !== undefined && value !== 'all');
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
