import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh per-session secret: 256 random bits, safe in env vars and JSON. */
export const createToken = (): string => randomBytes(32).toString('base64url');

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * Compares in constant time. Both sides are hashed first because
 * `timingSafeEqual` needs equal lengths, and an early length check would leak
 * the token's length.
 */
export const tokensMatch = (expected: string, offered: unknown): boolean =>
  typeof offered === 'string' && timingSafeEqual(digest(expected), digest(offered));
