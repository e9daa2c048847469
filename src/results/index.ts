// The results layer's public surface: metrics, row assembly, summary text, redaction, sinks
// (files picked by extension, the console table) and the progress reporter.

export * from './types.js';
export { RunMetrics, cellStatus, emptyMetrics, emptyTokenUsage, addTokenUsage, type CellStatus } from './metrics.js';
export { RowAssembler, type AssembledRow, type RowAssemblerOptions } from './row-assembler.js';
export { formatSummary, formatDuration, type SummaryOptions } from './summary.js';
export { redactSecrets, redactString, isSecretKey, REDACTED } from './redact.js';
export { stringifyResult, outputText } from './export-result.js';
export {
  createFileSink,
  SUPPORTED_OUTPUT_EXTENSIONS,
  ConsoleTableSink,
  type ConsoleTableOptions,
} from './sinks/index.js';
export { createProgressReporter, type ProgressOptions, type ProgressReporter } from './progress/index.js';
