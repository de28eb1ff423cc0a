import type { ReplayMarker } from '../recording/replayModel.js';

/** `01:23`, `1:02:03` once there are hours: what the timeline and the notices show. */
export function formatClock(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const two = (n: number): string => String(n).padStart(2, '0');
  return hours > 0 ? `${hours}:${two(minutes)}:${two(seconds)}` : `${two(minutes)}:${two(seconds)}`;
}

/**
 * A time typed by the human: `90`, `90s`, `1.5`, `1:30`, `01:02:03`, and `+30`/`-1:00`
 * relative to `fromMs`. Milliseconds, or null when it is not a time.
 */
export function parseTime(text: string, fromMs = 0): number | null {
  const trimmed = text.trim();
  const match = /^([+-])?\s*(\d+(?:\.\d+)?|\d+(?::\d{1,2}){1,2}(?:\.\d+)?)\s*s?$/.exec(trimmed);
  if (!match) return null;
  const [, sign, body = ''] = match;
  const parts = body.split(':').map(Number);
  if (parts.slice(1).some((part) => part >= 60)) return null;
  const seconds = parts.reduce((sum, part) => sum * 60 + part, 0);
  const ms = Math.round(seconds * 1000);
  if (sign === '+') return fromMs + ms;
  if (sign === '-') return fromMs - ms;
  return ms;
}

export type GoToTarget = { ok: true; ms: number; what: string } | { ok: false; error: string };

/**
 * Where `g` (or `--from`) goes: a time, else the first marker whose label starts with
 * the text (case-insensitive; the first after `fromMs` when several do), else one whose
 * label contains it.
 */
export function resolveGoTo(
  text: string,
  markers: readonly ReplayMarker[],
  fromMs = 0,
): GoToTarget {
  const wanted = text.trim();
  if (wanted === '') return { ok: false, error: 'type a time (1:30, 90) or a marker label' };
  const ms = parseTime(wanted, fromMs);
  if (ms !== null) return { ok: true, ms, what: formatClock(ms) };
  const lower = wanted.toLowerCase();
  const pick = (found: readonly ReplayMarker[]): ReplayMarker | undefined =>
    found.find((marker) => marker.timeMs > fromMs) ?? found[0];
  const marker =
    pick(markers.filter((m) => m.label.toLowerCase().startsWith(lower))) ??
    pick(markers.filter((m) => m.label.toLowerCase().includes(lower)));
  if (!marker) {
    return {
      ok: false,
      error: `"${wanted}" is neither a time (1:30, 90) nor the start of a marker label`,
    };
  }
  return {
    ok: true,
    ms: marker.timeMs,
    what: `“${marker.label}” at ${formatClock(marker.timeMs)}`,
  };
}
