// Writes a synthetic stored eval straight through the store's own writer (dist/store), in a few
// seconds instead of running 100,000 cells: passes, failures with assertion reasons, errors, named
// metrics, test metadata and a few long outputs (stored as blobs), like a real eval's rows.
import { openStore } from '../dist/store/open-store.js';
import { StoreWriter } from '../dist/store/store-writer.js';
import { emptyMetrics } from '../dist/results/metrics.js';

const COLUMNS = [
  {
    id: 'p1',
    raw: 'Write a short note about {{topic}} for {{audience}}.',
    label: 'note',
    provider: 'openai:gpt-4o-mini',
  },
  { id: 'p2', raw: 'Summarise {{topic}} for {{audience}}.', label: 'summary', provider: 'openai:gpt-4o-mini' },
];

/** Stores an eval of `rows` tests x 2 columns in the store at `path`; `variant` changes some outcomes (for compare). */
export function writeSyntheticEval(path, { evalId, rows, variant = 0 }) {
  const store = openStore(path);
  const writer = new StoreWriter(store, (m) => console.error(m));
  const timestamp = new Date().toISOString();
  const prompts = COLUMNS.map((c) => ({ ...c, metrics: emptyMetrics() }));
  writer.listener({
    type: 'start',
    info: {
      evalId,
      suiteHash: 'bench-viewer',
      description: `viewer bench ${rows * COLUMNS.length} cells`,
      timestamp,
      prompts,
      varNames: ['topic', 'audience'],
      totalCells: rows * COLUMNS.length,
      totalRows: rows,
      concurrency: 16,
      config: {},
    },
  });
  const stats = { successes: 0, failures: 0, errors: 0, skipped: 0 };
  for (let testIdx = 0; testIdx < rows; testIdx++) {
    const vars = { topic: `topic ${testIdx}`, audience: `readers of group ${testIdx % 97}` };
    const testCase = {
      description: testIdx % 10 === 0 ? `case ${testIdx}` : undefined,
      vars,
      assert: [
        { type: 'contains', value: `topic ${testIdx}` },
        { type: 'javascript', value: 'output.length > 10' },
      ],
      metadata: { category: `cat-${testIdx % 5}` },
    };
    for (let promptIdx = 0; promptIdx < COLUMNS.length; promptIdx++) {
      const error = (testIdx + promptIdx + variant) % 53 === 0;
      const fail = !error && (testIdx * 3 + promptIdx + variant) % 7 === 0;
      const base = `${COLUMNS[promptIdx].raw.replace('{{topic}}', vars.topic).replace('{{audience}}', vars.audience)} `;
      const output =
        testIdx % 500 === 0
          ? base.repeat(40)
          : `${base}Here is a considered answer about ${fail ? 'something else' : vars.topic}.`;
      const score = error ? 0 : fail ? 0.5 : 1;
      const relevance = ((testIdx * 7 + promptIdx) % 11) / 10;
      stats[error ? 'errors' : fail ? 'failures' : 'successes']++;
      writer.listener({
        type: 'result',
        result: {
          id: `${evalId}-${testIdx}-${promptIdx}`,
          cellId: `cell-${testIdx}-${promptIdx}`,
          promptIdx,
          testIdx,
          repeatIndex: 0,
          description: testCase.description,
          testCase,
          promptId: COLUMNS[promptIdx].id,
          provider: { id: COLUMNS[promptIdx].provider },
          prompt: { raw: base, label: COLUMNS[promptIdx].label },
          vars,
          response: error
            ? { error: 'HTTP 500 from the provider' }
            : { output, tokenUsage: { total: 120, prompt: 20, completion: 100 } },
          error: error ? 'HTTP 500 from the provider' : undefined,
          failureReason: error ? 2 : fail ? 1 : 0,
          success: !error && !fail,
          score,
          latencyMs: 200 + ((testIdx * 13 + promptIdx) % 800),
          gradingResult: error
            ? undefined
            : {
                pass: !fail,
                score,
                reason: fail ? `Expected output to contain "topic ${testIdx}"` : 'All assertions passed',
                componentResults: [
                  {
                    pass: !fail,
                    score: fail ? 0 : 1,
                    reason: fail ? `Expected output to contain "topic ${testIdx}"` : 'Assertion passed',
                  },
                  { pass: true, score: 1, reason: 'Assertion passed' },
                ],
              },
          namedScores: { relevance },
          cost: 0.00012,
          tokenUsage: { total: 120, prompt: 20, completion: 100 },
        },
      });
    }
  }
  writer.listener({
    type: 'end',
    summary: {
      evalId,
      timestamp,
      stats: { ...stats, tokenUsage: {}, graderTokenUsage: {}, durationMs: 1000 },
      prompts: prompts.map((p) => ({ ...p, metrics: { ...p.metrics, namedScores: { relevance: 0 } } })),
      aborted: false,
    },
  });
  store.close();
}
