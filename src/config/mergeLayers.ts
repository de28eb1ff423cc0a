/** A parsed config file: plain JSON whose top level is an object. */
export type JsonObject = Record<string, unknown>;

export interface ConfigLayerInput {
  file: string;
  json: JsonObject;
}

export interface MergedLayers {
  value: JsonObject;
  /** Dotted key of every value a file set (a scalar, an array, an empty object) → that file. */
  sources: Record<string, string>;
}

export const isJsonObject = (value: unknown): value is JsonObject =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Own property even for "__proto__", which plain assignment would treat as the prototype. */
const setOwn = (target: JsonObject, key: string, value: unknown): void => {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
};

function forgetBelow(sources: Record<string, string>, key: string): void {
  for (const known of Object.keys(sources)) {
    if (known.startsWith(`${key}.`)) delete sources[known];
  }
}

function mergeInto(
  base: JsonObject,
  layer: JsonObject,
  file: string,
  prefix: string,
  sources: Record<string, string>,
): JsonObject {
  const result: JsonObject = {};
  for (const [key, value] of Object.entries(base)) setOwn(result, key, value);
  for (const [key, value] of Object.entries(layer)) {
    const dotted = prefix ? `${prefix}.${key}` : key;
    const before = result[key];
    if (isJsonObject(value) && isJsonObject(before)) {
      setOwn(result, key, mergeInto(before, value, file, dotted, sources));
      continue;
    }
    // Scalars and arrays are replaced whole: a list from two files would be a surprise.
    forgetBelow(sources, dotted);
    if (isJsonObject(value)) {
      setOwn(result, key, mergeInto({}, value, file, dotted, sources));
      if (!Object.keys(value).length) sources[dotted] = file;
      continue;
    }
    setOwn(result, key, value);
    sources[dotted] = file;
  }
  return result;
}

/**
 * Merges config files in order, later over earlier: objects key by key at every
 * depth (so one field of a profile can be changed), everything else replaced.
 */
export function mergeLayers(layers: readonly ConfigLayerInput[]): MergedLayers {
  const sources: Record<string, string> = {};
  let value: JsonObject = {};
  for (const layer of layers) value = mergeInto(value, layer.json, layer.file, '', sources);
  return { value, sources };
}
