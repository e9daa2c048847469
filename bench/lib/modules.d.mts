// Types of bench/lib/modules.mjs, for the TypeScript unit test in test/bench/.
import type { BenchResult, BenchRow } from './table.mjs';
export interface LoadedBench {
  name: string;
  run(ctx: Record<string, unknown>): Promise<BenchRow[]>;
}
export function benchNames(benchDir: string): string[];
export function awaitedResults(names: string[]): BenchResult[];
export function loadBench(benchDir: string, name: string): Promise<LoadedBench>;
