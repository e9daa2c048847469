// Preloaded into a benchmarked process (`node -r bench/loop-delay-reporter.cjs ...`): measures how
// long the event loop was blocked, with perf_hooks.monitorEventLoopDelay, and on exit writes JSON
// to ASSAY_BENCH_LOOP_FILE:
//   maxMs         the longest stall over the whole process (module loading and config parsing
//                 included: nothing is in flight then, but it is reported so it stays visible)
//   inFlightMaxMs the longest stall while HTTP requests were in flight (from the first request
//                 to the moment none is left), the figure that delays responses
//   requests      how many HTTP requests were seen (0 means the in-flight figure is empty)
//   gcInFlightMaxMs the longest garbage-collection pause that started while requests were in
//                 flight: the part of a stall that is the collector's, not the run's own code
// A recorded delay is the time between two of the monitor's RESOLUTION_MS ticks, so it reads the
// stall itself plus up to one resolution step: an upper bound, not an underestimate.
// Requests are followed through undici's diagnostics channels, which both the npm undici and
// Node's fetch publish, and node:http's, should a provider use that instead.
const { writeFileSync } = require('node:fs');
const { monitorEventLoopDelay, PerformanceObserver } = require('node:perf_hooks');
const diagnostics = require('node:diagnostics_channel');

const RESOLUTION_MS = 10;
const whole = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
const inFlight = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
whole.enable();
let open = 0;
let requests = 0;
let inFlightMaxNs = 0;
let gcInFlightMaxMs = 0;
new PerformanceObserver((list) => {
  if (open === 0) return;
  for (const entry of list.getEntries()) gcInFlightMaxMs = Math.max(gcInFlightMaxMs, entry.duration);
}).observe({ entryTypes: ['gc'] });

const started = () => {
  requests++;
  if (open++ === 0) {
    inFlight.reset();
    inFlight.enable();
  }
};
diagnostics.subscribe('undici:request:create', started);
diagnostics.subscribe('http.client.request.start', started);
const finished = () => {
  if (open === 0) return;
  if (--open === 0) {
    inFlightMaxNs = Math.max(inFlightMaxNs, inFlight.max);
    inFlight.disable();
  }
};
diagnostics.subscribe('undici:request:trailers', finished);
diagnostics.subscribe('undici:request:error', finished);
diagnostics.subscribe('http.client.response.finish', finished);

process.on('exit', () => {
  const file = process.env.ASSAY_BENCH_LOOP_FILE;
  if (!file) return;
  if (open > 0) inFlightMaxNs = Math.max(inFlightMaxNs, inFlight.max);
  // The histogram holds 9.2e18 as its max when it recorded nothing.
  const ms = (ns) => (ns > 0 && ns < 1e15 ? ns / 1e6 : 0);
  writeFileSync(
    file,
    JSON.stringify({
      maxMs: ms(whole.max),
      inFlightMaxMs: ms(inFlightMaxNs),
      gcInFlightMaxMs,
      requests,
      resolutionMs: RESOLUTION_MS,
    }),
  );
});
