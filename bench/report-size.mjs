// The HTML report's size for a 10,000-cell eval (issue 13): 2,500 tests × 4 columns with
// realistic text (varied words, ~600-character outputs, 20% failures, 3% errors), written through
// the real -o report.html sink of a build's dist/ — once as shipped (above 5,000 cells passes are
// summarised) and once with every cell's details kept. Also the CPU time to write each file.
// Runs under bench/run.mjs (`bench(ctx)`) or alone: `node bench/report-size.mjs` (after npm run build).
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const TESTS = 2500;
const COLUMNS = 4;
const here = dirname(fileURLToPath(import.meta.url));

/** A deterministic generator of varied text, so gzip sees something like real model output. */
function wordSource(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state;
  };
  const syllables = ['ka', 'lo', 'mi', 'tre', 'sun', 'da', 'vor', 'el', 'pi', 'ran', 'sto', 'qu', 'be', 'nix', 'ar'];
  const vocabulary = Array.from({ length: 2000 }, () => {
    const n = 1 + (next() % 3);
    return Array.from({ length: n }, () => syllables[next() % syllables.length]).join('');
  });
  return (chars) => {
    const words = [];
    let length = 0;
    while (length < chars) {
      const word = vocabulary[next() % vocabulary.length];
      words.push(word);
      length += word.length + 1;
    }
    return words.join(' ');
  };
}

export function syntheticRun() {
  const text = wordSource(42);
  const prompts = Array.from({ length: COLUMNS }, (_, i) => ({
    id: `p${i}`,
    raw: `Answer the customer's question in the voice of variant ${i}: {{question}}`,
    label: `variant-${i}`,
    provider: i % 2 ? 'openai:gpt-4o-mini' : 'databricks:llama',
    metrics: {},
  }));
  const info = {
    evalId: 'eval-bench-report-size',
    description: 'Report size bench: 10,000 cells',
    timestamp: '2026-01-01T00:00:00.000Z',
    prompts,
    varNames: ['question', 'customer'],
    totalCells: TESTS * COLUMNS,
    totalRows: TESTS,
    concurrency: 16,
    config: {},
  };
  const results = [];
  const counts = { successes: 0, failures: 0, errors: 0 };
  for (let t = 0; t < TESTS; t++) {
    const vars = { question: `${text(90)}?`, customer: `customer-${t % 97}` };
    for (let p = 0; p < COLUMNS; p++) {
      const roll = (t * 7 + p * 13) % 100;
      const kind = roll < 3 ? 'error' : roll < 23 ? 'fail' : 'pass';
      counts[kind === 'pass' ? 'successes' : kind === 'fail' ? 'failures' : 'errors']++;
      const output = kind === 'error' ? undefined : text(400 + ((t * 31 + p * 17) % 400));
      const assertions = [
        { type: 'contains', value: 'ka' },
        { type: 'llm-rubric', value: 'Is polite and answers the question' },
      ];
      results.push({
        id: `r-${t}-${p}`,
        cellId: `c${t.toString(16)}x${p}`,
        promptIdx: p,
        testIdx: t,
        repeatIndex: 0,
        testCase: { vars, assert: assertions, metadata: { team: `t${t % 5}` } },
        promptId: `p${p}`,
        provider: { id: prompts[p].provider },
        prompt: { raw: prompts[p].raw.replace('{{question}}', vars.question), label: prompts[p].label },
        vars,
        response:
          kind === 'error'
            ? {
                error: 'HTTP 503 Service Unavailable: upstream overloaded (request id 8f2c…)',
                failure: { kind: 'transient' },
              }
            : {
                output,
                tokenUsage: { prompt: 80, completion: 150, total: 230 },
                latencyMs: 900 + (t % 700),
                cost: 0.0004,
              },
        error: kind === 'error' ? 'HTTP 503 Service Unavailable: upstream overloaded' : undefined,
        failureReason: kind === 'pass' ? 0 : kind === 'fail' ? 1 : 2,
        success: kind === 'pass',
        score: kind === 'pass' ? 1 : kind === 'fail' ? 0.5 : 0,
        latencyMs: 900 + (t % 700),
        gradingResult:
          kind === 'error'
            ? undefined
            : {
                pass: kind === 'pass',
                score: kind === 'pass' ? 1 : 0.5,
                reason: kind === 'pass' ? 'All assertions passed' : 'The answer ignores the question',
                componentResults: assertions.map((assertion, i) => ({
                  pass: kind === 'pass' || i === 0,
                  score: kind === 'pass' || i === 0 ? 1 : 0,
                  reason: i === 0 ? 'Assertion passed' : `Grader: ${text(160)}`,
                  assertion,
                })),
              },
        namedScores: {},
        cost: 0.0004,
        tokenUsage: { prompt: 80, completion: 150, total: 230 },
      });
    }
  }
  const summary = {
    evalId: info.evalId,
    timestamp: info.timestamp,
    stats: { ...counts, skipped: 0, tokenUsage: {}, graderTokenUsage: {}, durationMs: 60_000 },
    prompts,
    aborted: false,
  };
  return { info, results, summary };
}

export async function writeReport(root, path, run, options) {
  const { HtmlSink } = await import(pathToFileURL(join(root, 'dist', 'results', 'sinks', 'html.js')).href);
  const sink = new HtmlSink(path, options);
  // CPU time, not wall time: the machine is shared, and the writer's cost is its CPU.
  const started = process.cpuUsage();
  await sink.onRunStart(run.info);
  for (const result of run.results) await sink.onResult(result);
  await sink.onRunEnd(run.summary);
  const used = process.cpuUsage(started);
  return { bytes: statSync(path).size, ms: (used.user + used.system) / 1000 };
}

export async function bench(ctx = {}) {
  const root = ctx.root ?? join(here, '..');
  const log = ctx.log ?? ((line) => console.log(`  report-size: ${line}`));
  const dir = mkdtempSync(join(tmpdir(), 'assay-report-size-'));
  try {
    const run = syntheticRun();
    const shipped = await writeReport(root, join(dir, 'shipped.html'), run, {});
    const full = await writeReport(root, join(dir, 'full.html'), run, {
      degradeAboveCells: Number.POSITIVE_INFINITY,
      passDetailBudgetBytes: Number.POSITIVE_INFINITY,
    });
    const mb = (bytes) => Math.round((bytes / 1024 / 1024) * 100) / 100;
    log(
      `shipped ${mb(shipped.bytes)} MB (${Math.round(shipped.ms)} ms CPU to write); every detail kept ${mb(full.bytes)} MB (${Math.round(full.ms)} ms CPU)`,
    );
    return [
      {
        name: 'HTML report, 10,000 cells (passes summarised above 5,000 cells)',
        value: mb(shipped.bytes),
        unit: 'MB',
        target: 10,
        better: 'lower',
      },
      {
        name: 'HTML report, 10,000 cells, every cell’s details kept',
        value: mb(full.bytes),
        unit: 'MB',
        better: 'lower',
      },
      {
        name: 'HTML report, 10,000 cells: CPU to write (summarised)',
        value: Math.round(shipped.ms),
        unit: 'ms',
        better: 'lower',
      },
      {
        name: 'HTML report, 10,000 cells: CPU to write (every detail)',
        value: Math.round(full.ms),
        unit: 'ms',
        better: 'lower',
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const row of await bench()) console.log(`${row.name}: ${row.value} ${row.unit}`);
}
