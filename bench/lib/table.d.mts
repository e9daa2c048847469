// Types of bench/lib/table.mjs, for the TypeScript unit test in test/bench/.
export interface BenchRow {
  name: string;
  value?: number | null;
  unit?: string;
  target?: number;
  better?: 'lower' | 'higher';
  strict?: boolean;
  note?: string;
}
export interface BenchResult {
  bench: string;
  rows: BenchRow[];
}
export interface ComparedFigure {
  bench: string;
  name: string;
  unit?: string;
  better?: 'lower' | 'higher';
  a: number[];
  b: number[];
}
export function verdict(row: BenchRow): { ratio: number | undefined; met: boolean | undefined };
export function formatValue(value: number | null | undefined, unit?: string): string;
export function formatTarget(row: BenchRow): string;
export function verdictCells(row: BenchRow): [string, string];
export function alignColumns(header: string[], lines: unknown[][], rightAligned?: number[]): string;
export function formatResultsTable(results: BenchResult[]): string;
export function targetSummary(results: BenchResult[]): { met: number; missed: number; unmeasured: number };
export function median(values: number[]): number;
export function compareFigure(
  figure: { a: number[]; b: number[]; better?: 'lower' | 'higher' },
  band?: number,
): { a: number; b: number; ratio: number; spread: string; change: string };
export function formatCompareTable(figures: ComparedFigure[], band?: number): string;
