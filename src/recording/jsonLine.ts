import type { z } from 'zod';

/** One line of a JSON-lines sidecar checked against `schema`; null when it is not one. */
export function parseJsonLine<T>(schema: z.ZodType<T>, line: string): T | null {
  try {
    const parsed = schema.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
