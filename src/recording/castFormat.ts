import { z } from 'zod';
import { UserError } from '../util/errors.js';

/**
 * asciicast v2 (https://docs.asciinema.org/manual/asciicast/v2/): one JSON header line,
 * then one `[time, code, data]` line per event, time in seconds since the header's
 * timestamp. Unknown header fields are allowed by the format, so they are kept.
 */
export const castHeaderSchema = z.looseObject({
  version: z.literal(2),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  timestamp: z.number().nonnegative().optional(),
  command: z.string().optional(),
  title: z.string().optional(),
  env: z.record(z.string(), z.string()).optional(),
});

export type CastHeader = z.infer<typeof castHeaderSchema>;

/** o: output, i: input, r: resize ("COLSxROWS"), m: marker (its label). */
export type CastCode = 'o' | 'i' | 'r' | 'm';

export interface CastEvent {
  /** Seconds since the cast's start, never decreasing within a file. */
  time: number;
  /** One of CastCode for files we write; other codes are kept as read. */
  code: string;
  data: string;
  /** Byte offset of the event's line in the file, and just past its newline. */
  offset: number;
  end: number;
}

export interface CastHeaderInit {
  cols: number;
  rows: number;
  /** Unix time of the first event, in milliseconds. */
  startedAtMs: number;
  command?: string;
  title?: string;
  /** Only TERM and SHELL are recorded: the rest of an environment may hold secrets. */
  env?: { TERM?: string; SHELL?: string };
}

export function makeCastHeader(init: CastHeaderInit): CastHeader {
  const env: Record<string, string> = {};
  if (init.env?.TERM !== undefined) env.TERM = init.env.TERM;
  if (init.env?.SHELL !== undefined) env.SHELL = init.env.SHELL;
  return {
    version: 2,
    width: init.cols,
    height: init.rows,
    timestamp: Math.floor(init.startedAtMs / 1000),
    ...(init.command !== undefined ? { command: init.command } : {}),
    ...(init.title !== undefined ? { title: init.title } : {}),
    env,
  };
}

/** Times are kept to the microsecond, as asciinema writes them. */
export const roundTime = (seconds: number): number => Math.round(seconds * 1e6) / 1e6;

export const encodeHeaderLine = (header: CastHeader): string => `${JSON.stringify(header)}\n`;

export const encodeEventLine = (time: number, code: CastCode, data: string): string =>
  `${JSON.stringify([time, code, data])}\n`;

export const resizeData = (cols: number, rows: number): string => `${cols}x${rows}`;

/** The size in an "r" event, or null when it is not a usable `COLSxROWS`. */
export function parseResize(data: string): { cols: number; rows: number } | null {
  const match = /^(\d{1,5})x(\d{1,5})$/.exec(data);
  if (!match) return null;
  const cols = Number(match[1]);
  const rows = Number(match[2]);
  return cols > 0 && rows > 0 ? { cols, rows } : null;
}

/** A cast file that cannot be used at all (its header is missing or not asciicast v2). */
export class CastFormatError extends UserError {
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(`${file} is not a usable asciicast v2 recording: ${problem}.`);
    this.name = 'CastFormatError';
  }
}
