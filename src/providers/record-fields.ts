// Reading loosely shaped objects (error envelopes, thrown errors) where several names mean the same
// field: the first of the names whose value has the wanted type.

/** The first of `keys` whose value in `record` is a string. */
export function firstString(record: Record<string, unknown>, ...keys: string[]): string | undefined {
  for (const key of keys) if (typeof record[key] === 'string') return record[key] as string;
  return undefined;
}

/** The first of `keys` whose value in `record` is a number. */
export function firstNumber(record: Record<string, unknown>, ...keys: string[]): number | undefined {
  for (const key of keys) if (typeof record[key] === 'number') return record[key] as number;
  return undefined;
}
