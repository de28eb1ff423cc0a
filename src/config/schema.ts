import { z } from 'zod';

const name = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/, 'use 1–32 letters, digits, "_", "." or "-"');

export const profileSchema = z
  .object({
    command: z.string().min(1),
    args: z.array(z.string()).default([]),
    env: z.record(z.string(), z.string()).default({}),
  })
  .strict();

export const workerEntrySchema = z
  .object({
    name,
    profile: z.string().min(1),
  })
  .strict();

export const configSchema = z
  .object({
    $schema: z.string().optional(),
    prefixKey: z.string().default('C-b'),
    layout: z.enum(['grid', 'columns', 'rows']).default('grid'),
    scrollback: z.number().int().min(0).max(100_000).default(5000),
    killGraceMs: z.number().int().min(0).max(60_000).default(3000),
    profiles: z.record(z.string(), profileSchema).default({}),
    workers: z.array(workerEntrySchema).default([]),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;
export type Profile = z.infer<typeof profileSchema>;
