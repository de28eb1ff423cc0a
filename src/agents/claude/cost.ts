/**
 * Tokens and cost of one Claude Code worker, read from its transcript (JSONL).
 *
 * Claude Code writes one assistant line per content block, each repeating the
 * same `message.id`, `requestId` and `usage`: a `(message.id, requestId)` pair
 * is one API call and is counted once. The transcript only grows while the
 * worker runs, so each `update()` reads just the bytes appended since the last.
 */
import { open } from 'node:fs/promises';
import { z } from 'zod';
import { loadPrices, priceUsage, type Prices, type TokenUsage } from './prices.js';

const Count = z.number().nonnegative().nullish();

const UsageSchema = z.object({
  input_tokens: Count,
  output_tokens: Count,
  cache_creation_input_tokens: Count,
  cache_read_input_tokens: Count,
  cache_creation: z
    .object({ ephemeral_5m_input_tokens: Count, ephemeral_1h_input_tokens: Count })
    .nullish(),
});

const AssistantLineSchema = z.object({
  type: z.literal('assistant'),
  uuid: z.string().optional(),
  requestId: z.string().nullish(),
  isSidechain: z.boolean().optional(),
  message: z.object({
    id: z.string().nullish(),
    model: z.string().nullish(),
    usage: UsageSchema.nullish(),
  }),
});

/** Claude Code's own locally made messages (errors, interruptions): no API call, no cost. */
const SYNTHETIC_MODEL = '<synthetic>';
const CHUNK_BYTES = 1 << 20;
const NEWLINE = 0x0a;

export interface UsageTotals {
  inputTokens: number;
  outputTokens: number;
  /** 5-minute and 1-hour cache writes together (they are priced apart). */
  cacheWriteTokens: number;
  cacheReadTokens: number;
  usd: number;
  /** Distinct API calls. */
  messages: number;
}

export interface CostTotals extends UsageTotals {
  byModel: Record<string, UsageTotals>;
  /** The latest main-conversation call's whole prompt: what fills the context window. */
  lastContext: { tokens: number; model: string } | null;
  malformedLines: number;
}

interface Counted {
  model: string;
  usage: TokenUsage;
}

type ModelSums = TokenUsage & { messages: number };

const USAGE_KEYS = [
  'inputTokens',
  'outputTokens',
  'cacheWrite5mTokens',
  'cacheWrite1hTokens',
  'cacheReadTokens',
] as const satisfies readonly (keyof TokenUsage)[];

function toTokenUsage(u: z.infer<typeof UsageSchema>): TokenUsage {
  const write = u.cache_creation_input_tokens ?? 0;
  // The 5m/1h split exists only in newer transcripts; before it, every write was 5-minute.
  const split = u.cache_creation;
  return {
    inputTokens: u.input_tokens ?? 0,
    outputTokens: u.output_tokens ?? 0,
    cacheWrite5mTokens: split ? (split.ephemeral_5m_input_tokens ?? 0) : write,
    cacheWrite1hTokens: split ? (split.ephemeral_1h_input_tokens ?? 0) : 0,
    cacheReadTokens: u.cache_read_input_tokens ?? 0,
  };
}

export class TranscriptCost {
  private offset = 0;
  private ino: number | null = null;
  /** The bytes of an unfinished last line, kept as bytes so a split UTF-8 character survives. */
  private pending = Buffer.alloc(0);
  private readonly calls = new Map<string, Counted>();
  private readonly byModel = new Map<string, ModelSums>();
  private lastContext: CostTotals['lastContext'] = null;
  private malformed = 0;
  private unkeyed = 0;
  private queue: Promise<boolean> = Promise.resolve(false);

  constructor(
    readonly file: string,
    private readonly prices: Prices = loadPrices(),
  ) {}

  /**
   * Reads what was appended since the last call; true when anything was read.
   * Calls are queued so two overlapping updates never read the same bytes twice.
   */
  update(): Promise<boolean> {
    const next = this.queue.then(
      () => this.readAppended(),
      () => this.readAppended(),
    );
    this.queue = next;
    return next;
  }

  totals(): CostTotals {
    const byModel: Record<string, UsageTotals> = {};
    const sum: UsageTotals = {
      inputTokens: 0,
      outputTokens: 0,
      cacheWriteTokens: 0,
      cacheReadTokens: 0,
      usd: 0,
      messages: 0,
    };
    for (const [model, s] of this.byModel) {
      // Priced from the token sums, so the figure never drifts with float additions.
      const t: UsageTotals = {
        inputTokens: s.inputTokens,
        outputTokens: s.outputTokens,
        cacheWriteTokens: s.cacheWrite5mTokens + s.cacheWrite1hTokens,
        cacheReadTokens: s.cacheReadTokens,
        usd: priceUsage(s, model, this.prices),
        messages: s.messages,
      };
      byModel[model] = t;
      sum.inputTokens += t.inputTokens;
      sum.outputTokens += t.outputTokens;
      sum.cacheWriteTokens += t.cacheWriteTokens;
      sum.cacheReadTokens += t.cacheReadTokens;
      sum.usd += t.usd;
      sum.messages += t.messages;
    }
    return { ...sum, byModel, lastContext: this.lastContext, malformedLines: this.malformed };
  }

  private async readAppended(): Promise<boolean> {
    let handle;
    try {
      handle = await open(this.file, 'r');
    } catch (err) {
      // Not written yet (a worker that has not answered) or moved away: nothing new.
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw err;
    }
    try {
      const stat = await handle.stat();
      let changed = false;
      // A shorter or different file is a new transcript: count it from its start.
      if (this.ino !== null && (stat.ino !== this.ino || stat.size < this.offset)) {
        this.reset();
        changed = true;
      }
      this.ino = stat.ino;
      while (this.offset < stat.size) {
        const buf = Buffer.alloc(Math.min(CHUNK_BYTES, stat.size - this.offset));
        const { bytesRead } = await handle.read(buf, 0, buf.length, this.offset);
        if (bytesRead === 0) break;
        this.offset += bytesRead;
        this.consume(buf.subarray(0, bytesRead));
        changed = true;
      }
      return changed;
    } finally {
      await handle.close();
    }
  }

  private reset(): void {
    this.offset = 0;
    this.pending = Buffer.alloc(0);
    this.calls.clear();
    this.byModel.clear();
    this.lastContext = null;
    this.malformed = 0;
    this.unkeyed = 0;
  }

  private consume(chunk: Buffer): void {
    const data = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    let start = 0;
    for (let nl = data.indexOf(NEWLINE); nl !== -1; nl = data.indexOf(NEWLINE, start)) {
      this.line(data.toString('utf8', start, nl));
      start = nl + 1;
    }
    // Copied so the (possibly 1 MiB) read buffer is not kept alive by a short tail.
    this.pending = Buffer.from(data.subarray(start));
  }

  private line(text: string): void {
    if (text.trim() === '') return;
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      this.malformed++;
      return;
    }
    if (
      typeof raw !== 'object' ||
      raw === null ||
      (raw as { type?: unknown }).type !== 'assistant'
    ) {
      return;
    }
    const parsed = AssistantLineSchema.safeParse(raw);
    if (!parsed.success) {
      this.malformed++;
      return;
    }
    const { message, requestId, uuid, isSidechain } = parsed.data;
    if (!message.usage || message.model === SYNTHETIC_MODEL) return;
    const model = message.model ?? 'unknown';
    const key = message.id
      ? `${message.id}\u0000${requestId ?? ''}`
      : `line:${uuid ?? `#${this.unkeyed++}`}`;
    const usage = this.count(key, model, toTokenUsage(message.usage));
    // Sidechains (subagents) have their own context window, not the worker's.
    if (!isSidechain) {
      const tokens =
        usage.inputTokens +
        usage.cacheReadTokens +
        usage.cacheWrite5mTokens +
        usage.cacheWrite1hTokens;
      this.lastContext = { tokens, model };
    }
  }

  /**
   * Adds one call's usage once. A repeated pair keeps the per-field maximum: the
   * lines of one call normally repeat the same usage, but a block written while
   * streaming may carry a partial output count.
   */
  private count(key: string, model: string, usage: TokenUsage): TokenUsage {
    const before = this.calls.get(key);
    if (before) {
      const merged = { ...before.usage };
      for (const k of USAGE_KEYS) merged[k] = Math.max(merged[k], usage[k]);
      const sums = this.sumsOf(before.model);
      for (const k of USAGE_KEYS) sums[k] += merged[k] - before.usage[k];
      before.usage = merged;
      return merged;
    }
    this.calls.set(key, { model, usage });
    const sums = this.sumsOf(model);
    for (const k of USAGE_KEYS) sums[k] += usage[k];
    sums.messages++;
    return usage;
  }

  private sumsOf(model: string): ModelSums {
    let sums = this.byModel.get(model);
    if (!sums) {
      sums = {
        inputTokens: 0,
        outputTokens: 0,
        cacheWrite5mTokens: 0,
        cacheWrite1hTokens: 0,
        cacheReadTokens: 0,
        messages: 0,
      };
      this.byModel.set(model, sums);
    }
    return sums;
  }
}
