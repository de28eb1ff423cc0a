const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * A duration for reasons and log lines, coarse on purpose: "90 s", "5 min",
 * "3 h". Seconds up to two minutes because stall and backoff windows live
 * there and "1 min" would hide the difference between 60 and 119 seconds.
 */
export function formatDuration(ms: number): string {
  const safe = Math.max(0, ms);
  if (safe < 2 * MINUTE) return `${Math.round(safe / SECOND)} s`;
  if (safe < 2 * HOUR) return `${Math.round(safe / MINUTE)} min`;
  return `${Math.round(safe / HOUR)} h`;
}
