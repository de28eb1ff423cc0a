import { readFileSync } from 'node:fs';
import { UserError, errorMessage } from '../util/errors.js';
import { findJsonSyntaxError } from './jsonSyntaxError.js';

/** What a config file holds: parsed JSON, or nothing because the file does not exist. */
export type ReadResult = { found: true; json: unknown } | { found: false };

/** The offending line with a caret under the column, so the mistake is seen at once. */
const pointAt = (text: string, line: number, column: number): string => {
  const source = text.split('\n')[line - 1]?.replace(/\r$/, '') ?? '';
  return `    ${source}\n    ${' '.repeat(Math.max(0, column - 1))}^`;
};

/** Reads one config file; a missing file is reported as such, every other problem thrown. */
export function readConfigJson(path: string): ReadResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { found: false };
    throw new UserError(`Cannot read config file ${path}: ${errorMessage(error)}`);
  }
  // Editors on Windows may start the file with a byte order mark; JSON.parse rejects it.
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  try {
    return { found: true, json: JSON.parse(text) };
  } catch (error) {
    const syntax = findJsonSyntaxError(text);
    if (!syntax) throw new UserError(`${path} is not valid JSON: ${errorMessage(error)}`);
    throw new UserError(
      `${path}:${syntax.line}:${syntax.column}: not valid JSON: ${syntax.message}\n` +
        `${pointAt(text, syntax.line, syntax.column)}\n` +
        'Fix the file, or move it aside to run without it.',
    );
  }
}
