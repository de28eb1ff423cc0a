import { z } from 'zod';
import { configLayerSchema } from './schema.js';

/**
 * The JSON Schema editors use to check and complete config files. It describes
 * one file, not the merged whole: any file may leave out keys another supplies
 * (a profile in `.multibot.json` that only changes `args` is fine). Draft 7,
 * because that is what editors understand best.
 */
export function configJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(configLayerSchema, { target: 'draft-7', io: 'input' }),
    title: 'multibot-tui config',
  };
}
