// Run-wide knobs for the Python worker pool, set by the runner (-j) and the CLI (--verbose).
// Deliberately free of imports so the runner can set them without loading any Python code.

const state = {
  /** Upper bound on workers per pool unless a provider sets `workers`; follows -j. */
  workerLimit: Number(process.env.ASSAY_PYTHON_WORKERS || process.env.PROMPTFOO_PYTHON_WORKERS) || 4,
  verbose: false,
};

/** Called by the runner with the run's concurrency, so `-j 8` lets a pool grow to 8 workers. */
export function setPythonWorkerLimit(limit: number): void {
  if (Number.isFinite(limit) && limit >= 1) state.workerLimit = Math.floor(limit);
}

export function pythonWorkerLimit(): number {
  return state.workerLimit;
}

/** `--verbose`: report the interpreter chosen, workers started, and forward the workers' stderr. */
export function setPythonVerbose(verbose: boolean): void {
  state.verbose = verbose;
}

export function pythonVerbose(): boolean {
  return state.verbose;
}

export function verboseLog(line: string): void {
  if (state.verbose) process.stderr.write(`[python] ${line}\n`);
}
