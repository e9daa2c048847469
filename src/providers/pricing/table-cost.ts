// Looks a model up in the dated price table and prices a call's token usage. Providers use it
// only when the config sets no rates of its own (`inputCost` / `outputCost` / `cost`).

import type { TokenUsage } from '../types.js';
import { DIFFERENTLY_PRICED_SNAPSHOTS, PRICE_TABLE, type ModelPrice } from './price-table.js';

const DATED_SNAPSHOT = /-\d{4}-\d{2}-\d{2}$/;

/** The price of `model` in `family`, or undefined when the table has none. */
export function tablePrice(family: string, model: string): ModelPrice | undefined {
  const models = PRICE_TABLE[family]?.models;
  if (!models) return undefined;
  const name = model.toLowerCase();
  if (Object.hasOwn(models, name)) return models[name];
  if (DIFFERENTLY_PRICED_SNAPSHOTS.has(name) || !DATED_SNAPSHOT.test(name)) return undefined;
  const base = name.replace(DATED_SNAPSHOT, '');
  return Object.hasOwn(models, base) ? models[base] : undefined;
}

/** USD for the usage at the table price; undefined when the model is unpriced or usage is unknown. */
export function tableCost(family: string, model: string, usage: TokenUsage | undefined): number | undefined {
  const price = tablePrice(family, model);
  if (!price || !usage || (usage.prompt === undefined && usage.completion === undefined)) return undefined;
  return price.input * (usage.prompt ?? 0) + price.output * (usage.completion ?? 0);
}
