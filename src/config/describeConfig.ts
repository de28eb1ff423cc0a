import type { EffectiveConfig, LayerName } from './layers.js';
import { isJsonObject } from './mergeLayers.js';

const LABELS: Record<LayerName, string> = {
  default: 'default',
  user: 'user',
  repo: 'repo',
  explicit: '--config',
};
const BUILT_IN = 'built-in';

/** Env values under names like these are credentials: never echo them to a terminal. */
const SECRET_NAME = /key|token|secret|password|passwd|credential/i;

/** Values longer than this do not push the source column further right. */
const VALUE_COLUMN_MAX = 40;

interface Line {
  key: string;
  value: string;
  source: string;
}

const isScalar = (value: unknown): boolean => value === null || typeof value !== 'object';

/** The leaves of the config as dotted keys; short arrays of scalars stay whole, like `args`. */
function leaves(value: unknown, path: string[], out: [string[], unknown][]): void {
  if (isJsonObject(value) && Object.keys(value).length) {
    for (const [key, child] of Object.entries(value)) leaves(child, [...path, key], out);
  } else if (Array.isArray(value) && !value.every(isScalar)) {
    value.forEach((child, index) => leaves(child, [...path, String(index)], out));
  } else if (value !== undefined) {
    out.push([path, value]);
  }
}

function sourceOf(path: readonly string[], sources: Record<string, string>): string | undefined {
  for (let length = path.length; length > 0; length--) {
    const file = sources[path.slice(0, length).join('.')];
    if (file) return file;
  }
  return undefined;
}

const render = (path: readonly string[], value: unknown): string =>
  path[0] === 'profiles' && path[2] === 'env' && SECRET_NAME.test(path[3] ?? '')
    ? '"…" (hidden)'
    : JSON.stringify(value);

/**
 * The effective config for `multibot-tui config`: which files were looked for,
 * then one `key = value  (layer)` line per setting, so a surprising value can be
 * traced to the file that set it.
 */
export function describeConfig(effective: EffectiveConfig): string {
  const labelOf = new Map(effective.layers.map((layer) => [layer.path, LABELS[layer.layer]]));
  const files = effective.layers.map((layer) => {
    const label = LABELS[layer.layer].padEnd(9);
    return `  ${label} ${layer.path}${layer.found ? '' : '  (absent)'}`;
  });

  const found: [string[], unknown][] = [];
  leaves(effective.config, [], found);
  const lines: Line[] = found.map(([path, value]) => {
    const file = sourceOf(path, effective.sources);
    return {
      key: path.join('.'),
      value: render(path, value),
      source: file === undefined ? BUILT_IN : (labelOf.get(file) ?? file),
    };
  });
  const keyWidth = Math.max(0, ...lines.map((line) => line.key.length));
  const valueWidth = Math.min(VALUE_COLUMN_MAX, Math.max(0, ...lines.map((l) => l.value.length)));
  const settings = lines.map(
    (line) => `  ${line.key.padEnd(keyWidth)} = ${line.value.padEnd(valueWidth)}  (${line.source})`,
  );

  return [
    'Config files, each overriding the ones above it:',
    ...files,
    '',
    `Effective config (${BUILT_IN}: no file sets it, the built-in default applies):`,
    ...settings,
    '',
  ].join('\n');
}
