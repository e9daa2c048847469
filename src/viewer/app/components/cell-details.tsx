// A cell's details: the rendered prompt (every chat message), the full output, every assertion with
// pass/fail, score and reason, tokens, cost, latency, TTFT, cache hit, attempts, and the error.

import { useEffect, useState } from 'preact/hooks';
import type { CellDetail } from '../../contract.js';
import type { DataSource } from '../source.js';
import { count, money, ms, score } from './format.js';
import { displayText, OutputView, type RenderMode } from './output-view.js';

type Result = Extract<CellDetail['final'], { kind: 'result' }>['result'];
type Grading = NonNullable<Result['gradingResult']>;

interface Props {
  source: DataSource;
  evalId: string;
  cellId: string;
  onClose: () => void;
}

export function CellDetails({ source, evalId, cellId, onClose }: Props) {
  const [detail, setDetail] = useState<CellDetail | null>();
  const [error, setError] = useState<string>();
  const [mode, setMode] = useState<RenderMode>('text');

  useEffect(() => {
    setDetail(undefined);
    setError(undefined);
    source.cell(evalId, cellId).then(
      (d) => setDetail(d ?? null),
      (err: Error) => setError(err.message),
    );
  }, [source, evalId, cellId]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  return (
    <aside class="details" aria-label="Cell details">
      <div class="details-head">
        <strong>Cell details</strong>
        <span class="muted mono">{cellId}</span>
        <button type="button" class="close" onClick={onClose} aria-label="Close details">
          ×
        </button>
      </div>
      <div class="details-body">
        {error && <div class="error-box">{error}</div>}
        {detail === undefined && !error && <p class="muted">Loading…</p>}
        {detail === null && (
          <p class="muted">
            This report keeps full details only for failures and errors. Open the eval with `assay view` to see this
            cell.
          </p>
        )}
        {detail?.final.kind === 'skipped' && (
          <section>
            <span class="badge skipped">SKIPPED</span>
            <p class="wrap">{detail.final.cell.reason}</p>
          </section>
        )}
        {detail?.final.kind === 'result' && (
          <ResultDetails detail={detail} result={detail.final.result} mode={mode} setMode={setMode} />
        )}
      </div>
    </aside>
  );
}

function ResultDetails(props: {
  detail: CellDetail;
  result: Result;
  mode: RenderMode;
  setMode: (mode: RenderMode) => void;
}) {
  const { detail, result, mode } = props;
  const response = result.response;
  const usage = result.tokenUsage ?? {};
  const output = displayText(response?.output);
  // A failed assertion also sets result.error (promptfoo's shape); the error box is for errors only.
  const error = detail.status === 'error' ? (result.error ?? response?.error) : response?.error;
  return (
    <>
      <section class="details-summary">
        <span class={`badge ${detail.status}`}>{detail.status.toUpperCase()}</span>
        <span>score {score(result.score)}</span>
        <span class="wrap">
          {result.provider.label ?? result.provider.id} · {result.prompt.label}
        </span>
      </section>
      {error && (
        <section class="error-box">
          <strong>Error{response?.failure?.kind ? ` (${response.failure.kind})` : ''}: </strong>
          <span class="wrap pre">{error}</span>
        </section>
      )}
      <h3>Assertions</h3>
      <Assertions grading={result.gradingResult} />
      <h3>
        Output
        <span class="mode-switch">
          {(['text', 'markdown', 'json'] as const).map((m) => (
            <button type="button" key={m} class={mode === m ? 'on' : ''} onClick={() => props.setMode(m)}>
              {m}
            </button>
          ))}
        </span>
      </h3>
      <div class="details-output">
        {output ? <OutputView text={output} mode={mode} /> : <em class="muted">none</em>}
      </div>
      <h3>Prompt</h3>
      <PromptMessages raw={result.prompt.raw} />
      <h3>Vars</h3>
      <dl class="kv">
        {Object.entries(result.vars ?? {}).map(([name, value]) => (
          <>
            <dt key={`k:${name}`}>{name}</dt>
            <dd key={`v:${name}`} class="pre wrap">
              {displayText(value)}
            </dd>
          </>
        ))}
      </dl>
      <h3>Call</h3>
      <dl class="kv">
        <dt>Tokens</dt>
        <dd>
          {count(usage.total)} total ({count(usage.prompt)} prompt, {count(usage.completion)} completion
          {usage.cached ? `, ${count(usage.cached)} cached` : ''})
        </dd>
        <dt>Cost</dt>
        <dd>{money(result.cost ?? response?.cost)}</dd>
        <dt>Latency</dt>
        <dd>{ms(result.latencyMs)}</dd>
        <dt>Time to first token</dt>
        <dd>{ms(response?.ttftMs)}</dd>
        <dt>Cache hit</dt>
        <dd>{response?.cached ? 'yes' : 'no'}</dd>
        <dt>Attempts</dt>
        <dd>{result.attempts ?? 1}</dd>
        {response?.finishReason && (
          <>
            <dt>Finish reason</dt>
            <dd>{response.finishReason}</dd>
          </>
        )}
      </dl>
      {detail.earlier.length > 0 && (
        <>
          <h3>Earlier attempts</h3>
          <ol class="attempts">
            {detail.earlier.map((attempt) => (
              <li key={attempt.attempt}>
                <span class={`badge ${attempt.status}`}>{attempt.status.toUpperCase()}</span> attempt {attempt.attempt}
                {attempt.latencyMs !== undefined && ` · ${ms(attempt.latencyMs)}`}
                {attempt.errorMessage && <div class="wrap pre">{attempt.errorMessage}</div>}
              </li>
            ))}
          </ol>
        </>
      )}
    </>
  );
}

function Assertions({ grading }: { grading: Grading | undefined }) {
  if (!grading) return <p class="muted">No assertions.</p>;
  const parts = grading.componentResults?.length ? grading.componentResults : [grading];
  return (
    <table class="assertions">
      <thead>
        <tr>
          <th>Result</th>
          <th>Assertion</th>
          <th>Score</th>
          <th>Reason</th>
        </tr>
      </thead>
      <tbody>
        {parts.map((part, i) => (
          <tr key={i} class={part.pass ? 'assert-pass' : 'assert-fail'}>
            <td>
              <span class={`badge ${part.pass ? 'pass' : 'fail'}`}>{part.pass ? 'PASS' : 'FAIL'}</span>
            </td>
            <td class="wrap">
              <div class="mono">{part.assertion?.type ?? 'grading'}</div>
              {part.assertion?.value !== undefined && (
                <div class="muted pre wrap">{clip(displayText(part.assertion.value), 300)}</div>
              )}
            </td>
            <td class="num">{score(part.score)}</td>
            <td class="pre wrap reason">{part.reason}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The rendered prompt: a chat (JSON list of {role, content}) message by message, else the text. */
function PromptMessages({ raw }: { raw: string }) {
  const messages = chatMessages(raw);
  if (!messages) return <pre class="output">{raw}</pre>;
  return (
    <div class="messages">
      {messages.map((message, i) => (
        <div key={i} class={`message role-${message.role}`}>
          <div class="role">{message.role}</div>
          <pre class="output">{message.content}</pre>
        </div>
      ))}
    </div>
  );
}

function chatMessages(raw: string): Array<{ role: string; content: string }> | undefined {
  if (!raw.trim().startsWith('[')) return undefined;
  try {
    const parsed = JSON.parse(raw) as unknown;
    if (!Array.isArray(parsed) || !parsed.every((m) => m && typeof m === 'object' && 'role' in m)) return undefined;
    return parsed.map((m: { role: unknown; content?: unknown }) => ({
      role: String(m.role),
      content: displayText(m.content),
    }));
  } catch {
    return undefined;
  }
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
