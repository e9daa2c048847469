// Preloaded into a benchmarked process (`node -r bench/cpu-reporter.cjs ...`): on exit, writes the
// process's CPU time (user + system) in ms to ASSAY_BENCH_CPU_FILE. On a shared machine CPU time
// is far steadier than wall time, so small overheads can be measured.
const { writeFileSync } = require('node:fs');
process.on('exit', () => {
  const file = process.env.ASSAY_BENCH_CPU_FILE;
  const { user, system } = process.cpuUsage();
  if (file) writeFileSync(file, String((user + system) / 1000));
});
