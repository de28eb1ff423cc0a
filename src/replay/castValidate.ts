import { readFile } from 'node:fs/promises';
import { castHeaderSchema, type CastHeader } from '../recording/castFormat.js';

export interface CastCheck {
  header: CastHeader | null;
  events: Array<[number, string, string]>;
  /** Empty when the file is valid asciicast v2 with non-decreasing times. */
  problems: string[];
}

const MAX_PROBLEMS = 10;

/**
 * Checks a whole file against asciicast v2: a JSON header (version 2, width, height),
 * then `[time, code, data]` lines with numeric times that never decrease. Strict where
 * the reader is forgiving: an export must be right, not merely readable.
 */
export async function checkCastFile(file: string): Promise<CastCheck> {
  const text = await readFile(file, 'utf8');
  const lines = text.split('\n');
  const problems: string[] = [];
  if (lines.pop() !== '') problems.push('the last line does not end with a newline');
  let header: CastHeader | null = null;
  try {
    const parsed = castHeaderSchema.safeParse(JSON.parse(lines.shift() ?? ''));
    if (parsed.success) header = parsed.data;
    else problems.push(`bad header: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  } catch {
    problems.push('the header is not JSON');
  }
  const events: Array<[number, string, string]> = [];
  let last = 0;
  lines.forEach((line, index) => {
    if (problems.length >= MAX_PROBLEMS) return;
    const where = `line ${index + 2}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      problems.push(`${where} is not JSON`);
      return;
    }
    if (
      !Array.isArray(value) ||
      value.length !== 3 ||
      typeof value[0] !== 'number' ||
      typeof value[1] !== 'string' ||
      typeof value[2] !== 'string'
    ) {
      problems.push(`${where} is not [time, code, data]`);
      return;
    }
    const event = value as [number, string, string];
    if (!(event[0] >= last)) problems.push(`${where}: time ${event[0]} goes back from ${last}`);
    last = Math.max(last, event[0]);
    events.push(event);
  });
  return { header, events, problems };
}
