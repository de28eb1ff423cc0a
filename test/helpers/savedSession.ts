import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { savedStateSchema, type SavedState } from '../../src/persistence/schema.js';

/** The folder of the only (or first) session under a home, or null before there is one. */
export function sessionDirOf(home: string): string | null {
  try {
    const [id] = readdirSync(join(home, 'sessions'))
      .filter((name) => /^\d{8}-/u.test(name))
      .sort();
    return id ? join(home, 'sessions', id) : null;
  } catch {
    return null;
  }
}

/**
 * That session's saved state as the control room last wrote it, checked by
 * the same schema it is loaded with; null while there is none (or mid-write).
 */
export function savedSession(home: string): SavedState | null {
  const dir = sessionDirOf(home);
  if (!dir) return null;
  try {
    return savedStateSchema.parse(JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')));
  } catch {
    return null;
  }
}
