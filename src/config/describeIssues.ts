import type { z } from 'zod';
import { didYouMean } from './didYouMean.js';

/** One problem in a config: the dotted key it is about and what is wrong there. */
export interface ConfigProblem {
  path: PropertyKey[];
  key: string;
  message: string;
}

type Segment = PropertyKey;
type AnyDef = z.core.$ZodTypes['_zod']['def'];

export const dottedKey = (path: readonly Segment[]): string =>
  path.length ? path.map(String).join('.') : '(top level)';

/** The schema that checks the value at `path`, so unknown keys can be listed against it. */
function schemaAt(schema: z.core.$ZodType, path: readonly Segment[]): z.core.$ZodType | null {
  let current: z.core.$ZodType | undefined = schema;
  let rest = [...path];
  while (current) {
    const def: AnyDef = (current as z.core.$ZodTypes)._zod.def;
    if (
      def.type === 'optional' ||
      def.type === 'default' ||
      def.type === 'nullable' ||
      def.type === 'prefault'
    ) {
      current = def.innerType;
      continue;
    }
    if (def.type === 'pipe') {
      current = def.in;
      continue;
    }
    if (!rest.length) return current;
    const [head, ...tail] = rest;
    rest = tail;
    if (def.type === 'object') current = def.shape[String(head)];
    else if (def.type === 'record') current = def.valueType;
    else if (def.type === 'array') current = def.element;
    else return null;
  }
  return null;
}

const knownKeys = (schema: z.core.$ZodType, path: readonly Segment[]): string[] => {
  const target = schemaAt(schema, path);
  const def = (target as z.core.$ZodTypes | null)?._zod.def;
  return def?.type === 'object' ? Object.keys(def.shape) : [];
};

function valueAt(input: unknown, path: readonly Segment[]): unknown {
  let current = input;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

/** The offending value, quoted when it is short enough for one line. */
const quote = (value: unknown): string | null => {
  if (value === undefined || (value !== null && typeof value === 'object')) return null;
  const text = JSON.stringify(value);
  return text.length <= 60 ? text : null;
};

const found = (value: unknown): string => {
  const text = quote(value);
  return text === null ? '' : ` (found ${text})`;
};

const kindOf = (value: unknown): string =>
  Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`;

function explain(issue: z.core.$ZodIssue, input: unknown): string {
  const value = valueAt(input, issue.path);
  if (issue.code === 'invalid_type') {
    return value === undefined
      ? `missing; expected ${issue.expected}`
      : `expected ${issue.expected}, found ${quote(value) ?? kindOf(value)}`;
  }
  if (issue.code === 'invalid_value') {
    const options = issue.values.map((option) => JSON.stringify(option)).join(', ');
    const words = issue.values.filter((option) => typeof option === 'string');
    const hint = typeof value === 'string' ? didYouMean(value, words) : null;
    return `expected one of ${options}${found(value)}${hint ? ` — did you mean "${hint}"?` : ''}`;
  }
  // Custom checks often quote the value already; saying it twice is noise.
  const text = quote(value);
  return text !== null && issue.message.includes(text)
    ? issue.message
    : `${issue.message}${found(value)}`;
}

/**
 * Turns zod's issues into one line per problem, each naming the full dotted key;
 * an unknown key is listed against the keys that are allowed where it stands.
 */
export function describeIssues(
  error: z.ZodError,
  input: unknown,
  schema: z.core.$ZodType,
): ConfigProblem[] {
  return error.issues.flatMap((issue): ConfigProblem[] => {
    if (issue.code !== 'unrecognized_keys') {
      return [{ path: issue.path, key: dottedKey(issue.path), message: explain(issue, input) }];
    }
    const known = knownKeys(schema, issue.path);
    return issue.keys.map((unknownKey) => {
      const path = [...issue.path, unknownKey];
      const hint = didYouMean(unknownKey, known);
      return {
        path,
        key: dottedKey(path),
        message:
          `unknown key${hint ? ` — did you mean "${hint}"?` : ''}` +
          (known.length ? ` Known keys here: ${known.join(', ')}.` : ''),
      };
    });
  });
}
