import { randomInt } from 'node:crypto';
import { UserError } from '../util/errors.js';

/**
 * `YYYYMMDD-HHMMSS-xxxx`: the start time in UTC, so ids sort the same on every
 * machine and through daylight-saving changes, then 4 random base36 characters
 * so sessions started in the same second differ.
 */
const SESSION_ID = /^\d{8}-\d{6}-[0-9a-z]{4}$/;

const RANDOM_SPACE = 36 ** 4;

export function newSessionId(
  now: Date = new Date(),
  random: (max: number) => number = (max) => randomInt(max),
): string {
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  const date = `${pad(now.getUTCFullYear(), 4)}${pad(now.getUTCMonth() + 1)}${pad(now.getUTCDate())}`;
  const time = `${pad(now.getUTCHours())}${pad(now.getUTCMinutes())}${pad(now.getUTCSeconds())}`;
  const suffix = random(RANDOM_SPACE).toString(36).padStart(4, '0');
  return `${date}-${time}-${suffix}`;
}

export function isSessionId(value: string): boolean {
  return SESSION_ID.test(value);
}

/** The UTC start time an id carries, in milliseconds since the epoch (NaN if not an id). */
export function sessionIdTime(id: string): number {
  if (!isSessionId(id)) return NaN;
  const at = (from: number, to: number): string => id.slice(from, to);
  return Date.parse(
    `${at(0, 4)}-${at(4, 6)}-${at(6, 8)}T${at(9, 11)}:${at(11, 13)}:${at(13, 15)}Z`,
  );
}

/**
 * An id typed by the user (`resume ID`): it names a directory, so anything but
 * the exact shape — `..`, slashes, absolute paths — is refused before it is joined.
 */
export function parseSessionId(input: string): string {
  const id = input.trim();
  if (isSessionId(id)) return id;
  throw new UserError(
    `"${input}" is not a session id. A session id looks like 20250131-142501-k3xz; ` +
      '`multibot-tui sessions` lists them.',
    2,
  );
}

/** For ids that must already be valid (they came from us): a bad one is a bug. */
export function assertSessionId(id: string): string {
  if (!isSessionId(id)) throw new Error(`multibot-tui: invalid session id ${JSON.stringify(id)}`);
  return id;
}
