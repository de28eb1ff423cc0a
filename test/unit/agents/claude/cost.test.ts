import {
  appendFileSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TranscriptCost } from '../../../../src/agents/claude/cost.js';
import {
  familyOf,
  loadPrices,
  priceFor,
  priceUsage,
  type Prices,
} from '../../../../src/agents/claude/prices.js';

const FIXTURE = join(import.meta.dirname, '../../../fixtures/agents/claude/transcript.jsonl');

const flat = (input: number, output: number) => ({
  input,
  output,
  cacheWrite5m: input * 1.25,
  cacheWrite1h: input * 2,
  cacheRead: input / 10,
});

/** Round figures so expected costs are easy to check by hand. */
const PRICES: Prices = {
  families: { opus: flat(10, 50), sonnet: flat(2, 10), haiku: flat(1, 5), default: flat(4, 20) },
  models: { 'claude-opus-4-1': flat(20, 100) },
};

interface Usage {
  input_tokens?: number;
  output_tokens?: number;
  cache_creation_input_tokens?: number;
  cache_read_input_tokens?: number;
  cache_creation?: { ephemeral_5m_input_tokens: number; ephemeral_1h_input_tokens: number };
}

function assistant(id: string, requestId: string, usage: Usage, model = 'claude-sonnet-4-5') {
  return (
    JSON.stringify({
      type: 'assistant',
      requestId,
      message: { id, role: 'assistant', model, content: [{ type: 'text', text: 'ok ✓' }], usage },
    }) + '\n'
  );
}

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'multibot-cost-'));
  file = join(dir, 'session.jsonl');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('TranscriptCost on the real transcript', () => {
  it('sums each (message.id, requestId) once and prices it from config/prices.json', async () => {
    const prices = loadPrices();
    const cost = new TranscriptCost(FIXTURE, prices);
    expect(await cost.update()).toBe(true);

    // An independent reduction: the last usage of every distinct pair.
    const calls = new Map<string, { model: string; usage: Usage }>();
    for (const text of readFileSync(FIXTURE, 'utf8').split('\n')) {
      if (!text) continue;
      const line = JSON.parse(text) as {
        type: string;
        requestId?: string;
        message?: { id: string; model: string; usage?: Usage };
      };
      if (line.type !== 'assistant' || !line.message?.usage) continue;
      const { model, usage } = line.message;
      calls.set(`${line.message.id}/${line.requestId}`, { model, usage });
    }
    expect(calls.size).toBeGreaterThan(0);
    let input = 0;
    let output = 0;
    let write = 0;
    let read = 0;
    let usd = 0;
    for (const { model, usage } of calls.values()) {
      const p = prices.families[familyOf(model)]!;
      input += usage.input_tokens ?? 0;
      output += usage.output_tokens ?? 0;
      write += usage.cache_creation_input_tokens ?? 0;
      read += usage.cache_read_input_tokens ?? 0;
      usd +=
        ((usage.input_tokens ?? 0) * p.input +
          (usage.output_tokens ?? 0) * p.output +
          (usage.cache_creation?.ephemeral_5m_input_tokens ?? 0) * p.cacheWrite5m +
          (usage.cache_creation?.ephemeral_1h_input_tokens ?? 0) * p.cacheWrite1h +
          (usage.cache_read_input_tokens ?? 0) * p.cacheRead) /
        1e6;
    }

    const t = cost.totals();
    expect(t).toMatchObject({
      inputTokens: input,
      outputTokens: output,
      cacheWriteTokens: write,
      cacheReadTokens: read,
      messages: calls.size,
      malformedLines: 0,
    });
    expect(t.usd).toBeCloseTo(usd, 12);
    expect(Object.keys(t.byModel)).toEqual([...new Set([...calls.values()].map((c) => c.model))]);

    const last = [...calls.values()].at(-1)!;
    expect(t.lastContext).toEqual({
      model: last.model,
      tokens:
        (last.usage.input_tokens ?? 0) +
        (last.usage.cache_read_input_tokens ?? 0) +
        (last.usage.cache_creation_input_tokens ?? 0),
    });
    expect(await cost.update()).toBe(false);
  });
});

describe('TranscriptCost reading incrementally', () => {
  it('waits for a transcript that does not exist yet', async () => {
    const cost = new TranscriptCost(file, PRICES);
    expect(await cost.update()).toBe(false);
    expect(cost.totals()).toMatchObject({ usd: 0, messages: 0, lastContext: null, byModel: {} });
    writeFileSync(file, assistant('m1', 'r1', { input_tokens: 100, output_tokens: 10 }));
    expect(await cost.update()).toBe(true);
    expect(cost.totals()).toMatchObject({ inputTokens: 100, outputTokens: 10, messages: 1 });
  });

  it('keeps a partial last line (even split inside a UTF-8 character) for the next update', async () => {
    const cost = new TranscriptCost(file, PRICES);
    const first = assistant('m1', 'r1', { input_tokens: 1000, output_tokens: 100 });
    const second = Buffer.from(assistant('m2', 'r2', { input_tokens: 2000, output_tokens: 200 }));
    const cut = second.indexOf('✓') + 1; // inside the 3-byte check mark
    writeFileSync(file, first);
    appendFileSync(file, second.subarray(0, cut));
    await cost.update();
    expect(cost.totals()).toMatchObject({ inputTokens: 1000, messages: 1, malformedLines: 0 });

    appendFileSync(file, second.subarray(cut));
    await cost.update();
    const t = cost.totals();
    expect(t).toMatchObject({ inputTokens: 3000, outputTokens: 300, messages: 2 });
    expect(t.usd).toBeCloseTo((3000 * 2 + 300 * 10) / 1e6, 12);
    expect(t.malformedLines).toBe(0);
  });

  it('counts a (message.id, requestId) pair once, across lines and updates', async () => {
    const cost = new TranscriptCost(file, PRICES);
    const usage = { input_tokens: 500, output_tokens: 50, cache_read_input_tokens: 4000 };
    writeFileSync(file, assistant('m1', 'r1', usage) + assistant('m1', 'r1', usage));
    await cost.update();
    appendFileSync(file, assistant('m1', 'r1', usage));
    // Same message id under another request is another API call.
    appendFileSync(file, assistant('m1', 'r2', usage));
    await cost.update();
    expect(cost.totals()).toMatchObject({
      inputTokens: 1000,
      outputTokens: 100,
      cacheReadTokens: 8000,
      messages: 2,
    });
  });

  it('keeps the largest figures when the lines of one call disagree', async () => {
    const cost = new TranscriptCost(file, PRICES);
    writeFileSync(
      file,
      assistant('m1', 'r1', { input_tokens: 500, output_tokens: 1 }) +
        assistant('m1', 'r1', { input_tokens: 500, output_tokens: 80 }),
    );
    await cost.update();
    expect(cost.totals()).toMatchObject({ inputTokens: 500, outputTokens: 80, messages: 1 });
  });

  it('starts over when the file is truncated or replaced', async () => {
    const cost = new TranscriptCost(file, PRICES);
    writeFileSync(
      file,
      assistant('m1', 'r1', { input_tokens: 1000 }) + assistant('m2', 'r2', { input_tokens: 1000 }),
    );
    await cost.update();
    expect(cost.totals().inputTokens).toBe(2000);

    writeFileSync(file, assistant('m3', 'r3', { input_tokens: 7 }));
    expect(await cost.update()).toBe(true);
    expect(cost.totals()).toMatchObject({ inputTokens: 7, messages: 1 });

    // Replaced by another file (a new inode), even one longer than what was read.
    const other = join(dir, 'other.jsonl');
    writeFileSync(
      other,
      assistant('m4', 'r4', { input_tokens: 11 }) + assistant('m5', 'r5', { input_tokens: 11 }),
    );
    renameSync(other, file);
    await cost.update();
    expect(cost.totals()).toMatchObject({ inputTokens: 22, messages: 2 });
  });

  it('skips and counts malformed lines, ignores other lines and synthetic messages', async () => {
    const cost = new TranscriptCost(file, PRICES);
    writeFileSync(
      file,
      [
        '{"type":"user","message":{"role":"user","content":"hi"}}',
        '{not json',
        '{"type":"assistant","message":{"id":"m0","usage":{"input_tokens":"many"}}}',
        '',
      ].join('\n') +
        assistant('m9', 'r9', { input_tokens: 0, output_tokens: 0 }, '<synthetic>') +
        assistant('m1', 'r1', { input_tokens: 3 }),
    );
    await cost.update();
    const t = cost.totals();
    expect(t).toMatchObject({ inputTokens: 3, messages: 1, malformedLines: 2 });
    expect(Object.keys(t.byModel)).toEqual(['claude-sonnet-4-5']);
  });

  it('splits cost and context by model; 1-hour cache writes cost 2x input', async () => {
    const cost = new TranscriptCost(file, PRICES);
    writeFileSync(
      file,
      assistant(
        'm1',
        'r1',
        {
          input_tokens: 1000,
          output_tokens: 100,
          cache_creation_input_tokens: 3000,
          cache_read_input_tokens: 10000,
          cache_creation: { ephemeral_5m_input_tokens: 1000, ephemeral_1h_input_tokens: 2000 },
        },
        'claude-opus-4-5',
      ) +
        // No 5m/1h split (older transcripts): every write is a 5-minute one.
        assistant('m2', 'r2', { input_tokens: 10, cache_creation_input_tokens: 400 }, 'haiku'),
    );
    await cost.update();
    const t = cost.totals();
    const opus = (1000 * 10 + 100 * 50 + 1000 * 12.5 + 2000 * 20 + 10000 * 1) / 1e6;
    const haiku = (10 * 1 + 400 * 1.25) / 1e6;
    expect(t.byModel['claude-opus-4-5']!.usd).toBeCloseTo(opus, 12);
    expect(t.byModel['haiku']).toMatchObject({ cacheWriteTokens: 400, messages: 1 });
    expect(t.byModel['haiku']!.usd).toBeCloseTo(haiku, 12);
    expect(t.usd).toBeCloseTo(opus + haiku, 12);
    expect(t.cacheWriteTokens).toBe(3400);
    expect(t.lastContext).toEqual({ tokens: 410, model: 'haiku' });
  });
});

describe('prices', () => {
  const usage = {
    inputTokens: 1_000_000,
    outputTokens: 0,
    cacheWrite5mTokens: 0,
    cacheWrite1hTokens: 0,
    cacheReadTokens: 0,
  };

  it('finds the family in the model id, else default', () => {
    expect(familyOf('claude-opus-4-5-20251101')).toBe('opus');
    expect(familyOf('claude-sonnet-4-5')).toBe('sonnet');
    expect(familyOf('claude-3-5-Haiku-latest')).toBe('haiku');
    expect(familyOf('gpt-5')).toBe('default');
  });

  it('prices per family, per model prefix, and unknown models at default', () => {
    expect(priceUsage(usage, 'claude-opus-4-5', PRICES)).toBe(10);
    expect(priceUsage(usage, 'claude-sonnet-4-5', PRICES)).toBe(2);
    expect(priceUsage(usage, 'claude-haiku-4-5', PRICES)).toBe(1);
    expect(priceUsage(usage, 'claude-opus-4-1-20250805', PRICES)).toBe(20);
    expect(priceUsage(usage, 'mystery-model', PRICES)).toBe(4);
    const oneHour = { ...usage, inputTokens: 0, cacheWrite1hTokens: 1_000_000 };
    expect(priceUsage(oneHour, 'claude-sonnet-4-5', PRICES)).toBe(4);
  });

  it('ships a valid table whose cache rates follow the input price', () => {
    const prices = loadPrices();
    expect(Object.keys(prices.families).sort()).toEqual(['default', 'haiku', 'opus', 'sonnet']);
    // Families only: some older models' published cache rates are rounded.
    for (const p of Object.values(prices.families)) {
      expect(p.cacheWrite1h).toBeCloseTo(p.input * 2, 10);
      expect(p.cacheWrite5m).toBeCloseTo(p.input * 1.25, 10);
      expect(p.cacheRead).toBeCloseTo(p.input * 0.1, 10);
    }
    expect(priceFor('claude-sonnet-4-5', prices)).toMatchObject({ input: 3, output: 15 });
    expect(priceFor('claude-haiku-4-5', prices)).toMatchObject({ input: 1, output: 5 });
  });

  it('explains a broken table', () => {
    writeFileSync(file, JSON.stringify({ families: { opus: flat(1, 2) } }));
    expect(() => loadPrices(file)).toThrow(/not a valid price table[\s\S]*default/);
    expect(() => loadPrices(join(dir, 'missing.json'))).toThrow(/cannot read/);
  });
});
