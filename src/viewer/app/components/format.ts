// Number and date formatting shared by the pages.

export function percent(part: number, whole: number): string {
  return whole > 0 ? `${((part / whole) * 100).toFixed(1)}%` : '–';
}

export function ms(value: number | undefined): string {
  if (value === undefined) return '–';
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${Math.round(value)} ms`;
}

export function money(value: number | undefined): string {
  if (value === undefined) return '–';
  return value === 0 ? '$0' : value < 0.01 ? `$${value.toPrecision(2)}` : `$${value.toFixed(2)}`;
}

export function count(value: number | undefined): string {
  return value === undefined ? '–' : value.toLocaleString('en-US');
}

export function score(value: number | undefined): string {
  return value === undefined ? '' : Number.isInteger(value) ? String(value) : value.toFixed(2);
}

export function when(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}
