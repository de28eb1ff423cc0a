import { UserError } from '../util/errors.js';
import { describeIssues, dottedKey, type ConfigProblem } from './describeIssues.js';
import { mergeLayers, type ConfigLayerInput, type JsonObject } from './mergeLayers.js';
import type { ConfigPaths } from './paths.js';
import { readConfigJson } from './readConfigJson.js';
import { configLayerSchema, configSchema, type Config } from './schema.js';

export type LayerName = 'default' | 'user' | 'repo' | 'explicit';

/** One config file the loader looked for, and whether it was there. */
export interface ConfigFileStatus {
  layer: LayerName;
  path: string;
  found: boolean;
}

export interface EffectiveConfig {
  config: Config;
  /** Dotted key → the file that set it; keys missing here have their built-in default. */
  sources: Record<string, string>;
  /** The files read, in merge order. */
  files: string[];
  /** Every file looked for, in merge order, read or absent. */
  layers: ConfigFileStatus[];
}

/** Files that must exist: the checked-in defaults, and a file the user named on purpose. */
const REQUIRED: Record<LayerName, string | null> = {
  default: 'The checked-in defaults are missing; reinstall multibot-tui.',
  explicit: 'Check the path given to --config.',
  user: null,
  repo: null,
};

const problemLines = (problems: readonly ConfigProblem[], file: (p: ConfigProblem) => string) =>
  problems.map((problem) => `  ${file(problem)}${problem.key}: ${problem.message}`).join('\n');

/** Reads and checks one file on its own, so a mistake is reported against that file. */
function readLayer(
  layer: LayerName,
  path: string,
): { layer: ConfigLayerInput | null; problems: string | null } {
  const read = readConfigJson(path);
  if (!read.found) {
    const required = REQUIRED[layer];
    if (required) throw new UserError(`Config file ${path} does not exist. ${required}`);
    return { layer: null, problems: null };
  }
  const parsed = configLayerSchema.safeParse(read.json);
  if (!parsed.success) {
    const problems = describeIssues(parsed.error, read.json, configLayerSchema);
    return {
      layer: null,
      problems: `Config file ${path} is invalid:\n${problemLines(problems, () => '')}`,
    };
  }
  // `$schema` tells an editor about this one file; it is not a setting to merge.
  const json: JsonObject = { ...parsed.data };
  delete json.$schema;
  return { layer: { file: path, json }, problems: null };
}

/** The file to blame for a problem in the merged config: the one that set the key or its parent. */
function blame(path: readonly PropertyKey[], sources: Record<string, string>): string {
  for (let length = path.length; length > 0; length--) {
    const file = sources[dottedKey(path.slice(0, length))];
    if (file) return `${file}: `;
  }
  for (let length = path.length - 1; length > 0; length--) {
    const prefix = `${dottedKey(path.slice(0, length))}.`;
    const files = [
      ...new Set(
        Object.keys(sources)
          .filter((key) => key.startsWith(prefix))
          .map((key) => sources[key]),
      ),
    ];
    if (files.length) return `${files.join(' + ')}: `;
  }
  return '';
}

/**
 * The effective config: the checked-in defaults, then the user's file, then the
 * repository's, then `--config`, merged (see mergeLayers) and validated. Each file
 * is checked on its own first, so errors name the file that is wrong; then the
 * merged whole is checked, for what only the whole can show (a profile with no
 * command, a worker naming a profile no file defines).
 */
export function loadEffectiveConfig(paths: ConfigPaths): EffectiveConfig {
  const wanted: [LayerName, string | null][] = [
    ['default', paths.defaultPath],
    ['user', paths.userPath],
    ['repo', paths.repoPath],
    ['explicit', paths.explicitPath],
  ];
  const layers: ConfigFileStatus[] = [];
  const inputs: ConfigLayerInput[] = [];
  const problems: string[] = [];
  for (const [layer, path] of wanted) {
    // The same file named twice (--config .multibot.json) is read once, in its first place.
    if (path === null || layers.some((seen) => seen.path === path)) continue;
    const read = readLayer(layer, path);
    layers.push({ layer, path, found: read.layer !== null || read.problems !== null });
    if (read.layer) inputs.push(read.layer);
    if (read.problems) problems.push(read.problems);
  }
  if (problems.length) {
    throw new UserError(
      `${problems.join('\n')}\nFix the keys above in the file named; each file is checked on its own.`,
    );
  }
  const merged = mergeLayers(inputs);
  const parsed = configSchema.safeParse(merged.value);
  if (!parsed.success) {
    const issues = describeIssues(parsed.error, merged.value, configSchema);
    throw new UserError(
      `Invalid config once the files are merged:\n` +
        `${problemLines(issues, (problem) => blame(problem.path, merged.sources))}\n` +
        'Fix the keys above in the file named; `multibot-tui config` shows where each value comes from.',
    );
  }
  return {
    config: parsed.data,
    sources: merged.sources,
    files: inputs.map((input) => input.file),
    layers,
  };
}
