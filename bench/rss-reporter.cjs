// Preloaded into a benchmarked process (`node -r bench/rss-reporter.cjs ...`): on exit, writes the
// process's peak resident set size in bytes to the file named by ASSAY_BENCH_RSS_FILE.
const { writeFileSync } = require('node:fs');
process.on('exit', () => {
  const file = process.env.ASSAY_BENCH_RSS_FILE;
  if (file) writeFileSync(file, String(process.resourceUsage().maxRSS * 1024));
});
