/**
 * The price table (config/prices.json) and how one message's token usage is
 * priced with it. Prices live in config, not code, so users can update them
 * when Anthropic's list prices change.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { packageRoot } from '../../util/packageRoot.js';

/** USD per million tokens. */
const PriceSchema = z.strictObject({
  input: z.number().nonnegative(),
  output: z.number().nonnegative(),
  cacheWrite5m: z.number().nonnegative(),
  cacheWrite1h: z.number().nonnegative(),
  cacheRead: z.number().nonnegative(),
});

export const PricesSchema = z.object({
  $note: z.string().optional(),
  // `default` is required: every model must get some price.
  families: z.object({ default: PriceSchema }).catchall(PriceSchema),
  /** Model-id prefixes priced apart from their family (older generations). */
  models: z.record(z.string(), PriceSchema).default({}),
});

export type Price = z.infer<typeof PriceSchema>;
export type Prices = z.infer<typeof PricesSchema>;
export type Family = 'opus' | 'sonnet' | 'haiku' | 'default';

/** One message's tokens, cache writes split by lifetime because they cost differently. */
export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  cacheWrite5mTokens: number;
  cacheWrite1hTokens: number;
  cacheReadTokens: number;
}

export const defaultPricesPath = (): string => join(packageRoot(), 'config', 'prices.json');

export function loadPrices(file: string = defaultPricesPath()): Prices {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`prices: cannot read ${file}: ${(err as Error).message}`, { cause: err });
  }
  const parsed = PricesSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(
      `prices: ${file} is not a valid price table:\n${z.prettifyError(parsed.error)}`,
    );
  }
  return parsed.data;
}

/** Claude model ids name their family (`claude-opus-4-1`, `claude-3-5-haiku-…`, aliases `sonnet`). */
export function familyOf(model: string): Family {
  const id = model.toLowerCase();
  if (id.includes('opus')) return 'opus';
  if (id.includes('sonnet')) return 'sonnet';
  if (id.includes('haiku')) return 'haiku';
  return 'default';
}

/** The longest `models` prefix of the id wins, then the family, then `default`. */
export function priceFor(model: string, prices: Prices): Price {
  const id = model.toLowerCase();
  let best: { key: string; price: Price } | null = null;
  for (const [key, price] of Object.entries(prices.models)) {
    if (id.startsWith(key.toLowerCase()) && (!best || key.length > best.key.length)) {
      best = { key, price };
    }
  }
  if (best) return best.price;
  return prices.families[familyOf(model)] ?? prices.families.default;
}

export function priceUsage(usage: TokenUsage, model: string, prices: Prices): number {
  const p = priceFor(model, prices);
  return (
    (usage.inputTokens * p.input +
      usage.outputTokens * p.output +
      usage.cacheWrite5mTokens * p.cacheWrite5m +
      usage.cacheWrite1hTokens * p.cacheWrite1h +
      usage.cacheReadTokens * p.cacheRead) /
    1_000_000
  );
}
