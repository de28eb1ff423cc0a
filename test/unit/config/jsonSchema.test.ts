import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { describe, expect, it } from 'vitest';
import { configJsonSchema } from '../../../src/config/jsonSchema.js';
import { packageRoot } from '../../../src/util/packageRoot.js';

const SCHEMA_FILE = join(packageRoot(), 'config', 'config.schema.json');

describe('config/config.schema.json', () => {
  it('is the schema generated from src/config/schema.ts', async () => {
    // Formatted as Prettier would, so `prettier --check .` and this test agree.
    const options = (await resolveConfig(SCHEMA_FILE)) ?? {};
    const fresh = await format(JSON.stringify(configJsonSchema()), {
      ...options,
      filepath: SCHEMA_FILE,
    });
    if (process.env.UPDATE_SCHEMA === '1') writeFileSync(SCHEMA_FILE, fresh);
    const checkedIn = existsSync(SCHEMA_FILE) ? readFileSync(SCHEMA_FILE, 'utf8') : '';
    expect(
      checkedIn,
      'config/config.schema.json is stale; regenerate it with ' +
        '`UPDATE_SCHEMA=1 npx vitest run test/unit/config/jsonSchema.test.ts` and commit it',
    ).toBe(fresh);
  });

  it('describes one file: every key optional, unknown keys rejected', () => {
    const schema = configJsonSchema() as {
      required?: string[];
      additionalProperties: boolean;
      properties: Record<string, unknown>;
    };
    expect(schema.required ?? []).toEqual([]);
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['$schema', 'profiles', 'workers', 'worktrees', 'copyIntoWorktree']),
    );
  });

  it('is what config/default.json points its editor at', () => {
    const defaults = JSON.parse(
      readFileSync(join(packageRoot(), 'config', 'default.json'), 'utf8'),
    );
    expect(defaults.$schema).toBe('./config.schema.json');
  });
});
