import { UserError } from '../util/errors.js';
import { MAX_SPEED, MIN_SPEED } from './idleMap.js';
import type { ReplayOptions } from './runReplay.js';

const usage = (message: string): UserError =>
  new UserError(`multibot-tui: ${message}\nRun multibot-tui --help for usage.`, 2);

/**
 * `replay --speed X --from TIME|MARKER --idle-limit S` as typed → checked options.
 * `--from` is checked against the recording when it is opened (a marker label needs it).
 */
export function parseReplayOptions(values: {
  speed?: string | undefined;
  from?: string | undefined;
  idleLimit?: string | undefined;
}): ReplayOptions {
  const options: ReplayOptions = {};
  if (values.speed !== undefined) {
    const speed = Number(values.speed.replace(/[x×]$/i, ''));
    if (!Number.isFinite(speed) || speed < MIN_SPEED || speed > MAX_SPEED) {
      throw usage(
        `--speed must be a number from ${MIN_SPEED} to ${MAX_SPEED}, got "${values.speed}"`,
      );
    }
    options.speed = speed;
  }
  if (values.from !== undefined) {
    if (values.from.trim() === '') throw usage('--from needs a time (1:30, 90) or a marker label');
    options.from = values.from;
  }
  if (values.idleLimit !== undefined) {
    const seconds = Number(values.idleLimit.replace(/s$/, ''));
    if (!Number.isFinite(seconds) || seconds <= 0) {
      throw usage(`--idle-limit must be a number of seconds above 0, got "${values.idleLimit}"`);
    }
    options.idleLimitS = seconds;
  }
  return options;
}
