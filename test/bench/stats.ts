/** Small statistics and table helpers for the benchmark; no dependencies. */

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Nearest-rank percentile (p in 0..100); NaN for an empty list. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] ?? NaN;
}

export function sum(values: readonly number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

/** Formats a number with a fixed count of decimals, or "—" when it is missing. */
export function fmt(value: number | null | undefined, decimals = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return value.toFixed(decimals);
}

export function fmtRatio(ours: number | null, peer: number | null): string {
  if (ours === null || peer === null || !Number.isFinite(ours) || !Number.isFinite(peer)) {
    return '—';
  }
  if (peer === 0) return '—';
  return `${(ours / peer).toFixed(2)}×`;
}

export function fmtBytes(bytes: number): string {
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (bytes >= 1e3) return `${(bytes / 1e3).toFixed(1)} kB`;
  return `${bytes} B`;
}

/** A plain-text table: the first row is the header, columns are padded to fit. */
export function formatTable(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, index) => {
      widths[index] = Math.max(widths[index] ?? 0, [...cell].length);
    });
  }
  const line = (row: readonly string[]) =>
    row
      .map((cell, index) => {
        const pad = ' '.repeat((widths[index] ?? 0) - [...cell].length);
        // Numbers read better right-aligned; the first column is a label.
        return index === 0 ? cell + pad : pad + cell;
      })
      .join('  ')
      .trimEnd();
  const out: string[] = [];
  rows.forEach((row, index) => {
    out.push(line(row));
    if (index === 0) out.push(widths.map((width) => '-'.repeat(width)).join('  '));
  });
  return out.join('\n') + '\n';
}

/** Deterministic PRNG (mulberry32), so the generated file is the same on every run. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Rejects after `ms` with a message naming what was awaited. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
