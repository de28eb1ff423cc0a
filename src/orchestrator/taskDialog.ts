import type { Command } from '../engine/commands.js';
import { parseWholeNumber, splitTaskList } from './commandLine.js';

/**
 * The new-task dialog (`t` in NAVIGATE): free text in, one `task.add` out.
 *
 *   Fix the login bug            ← the first non-empty line is the title
 *   role: coder                  ← `role:`, `after:`, `priority:` lines, any
 *   after: T1, T2                  case, anywhere, set those fields
 *   priority: 2
 *   Users with a "+" in their    ← every other line is the brief, verbatim
 *   email cannot log in. …
 *
 * A field line with a bad value is an error, not brief text: a typo such as
 * `priority: hihg` should be seen, not silently end up in the brief.
 */

export type TaskAddCommand = Extract<Command, { type: 'task.add' }>;

export type TaskDialogResult = { ok: true; command: TaskAddCommand } | { ok: false; error: string };

const FIELD_LINE = /^\s*(role|after|priority)\s*:(.*)$/i;

export function parseTaskDialog(text: string): TaskDialogResult {
  let title: string | null = null;
  let role: string | undefined;
  let priority: number | undefined;
  const after: string[] = [];
  const brief: string[] = [];

  for (const line of text.split(/\r?\n/)) {
    const field = FIELD_LINE.exec(line);
    if (field) {
      const key = field[1]!.toLowerCase();
      const value = field[2]!.trim();
      if (key === 'role') {
        if (/\s/.test(value)) return fail(`role is one word, like "role: tester" — not "${value}"`);
        role = value === '' ? undefined : value;
      } else if (key === 'after') {
        after.push(...splitTaskList(value));
      } else {
        const number = parseWholeNumber(value);
        if (number === null) {
          return fail(`priority must be a whole number, like "priority: 5" — not "${value}"`);
        }
        priority = number;
      }
    } else if (title === null) {
      if (line.trim() !== '') title = line.trim();
    } else {
      brief.push(line);
    }
  }

  if (title === null) return fail('a task needs a title: type it on the first line');
  const briefText = trimBlankLines(brief);
  return {
    ok: true,
    command: {
      type: 'task.add',
      title,
      ...(briefText !== '' ? { brief: briefText } : {}),
      ...(role !== undefined ? { role } : {}),
      ...(after.length ? { after: [...new Set(after)] } : {}),
      ...(priority !== undefined ? { priority } : {}),
    },
  };
}

/**
 * The lines joined, without blank lines at either end or trailing spaces; the
 * first line keeps its indentation (it may be code).
 */
function trimBlankLines(lines: readonly string[]): string {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start]!.trim() === '') start += 1;
  while (end > start && lines[end - 1]!.trim() === '') end -= 1;
  return lines.slice(start, end).join('\n').trimEnd();
}

const fail = (error: string): TaskDialogResult => ({ ok: false, error });
