import { describe, expect, it } from 'vitest';
import {
  createCommandValidator,
  engineCommandSchemas,
} from '../../../src/control/commandValidator.js';
import { createRequestHandler } from '../../../src/control/requestHandler.js';
import { TOKEN, recordingHandlers } from './support.js';

const handle = (overrides: Partial<ReturnType<typeof recordingHandlers>['handlers']> = {}) =>
  createRequestHandler({
    token: TOKEN,
    handlers: { ...recordingHandlers().handlers, ...overrides },
    validateCommand: createCommandValidator(engineCommandSchemas),
    handlerTimeoutMs: 1000,
  });

describe('request handler', () => {
  it('ignores blank lines', async () => {
    expect(await handle()('   ')).toBeNull();
  });

  it('checks the token before the shape, so strangers learn nothing', async () => {
    expect(await handle()(JSON.stringify({ kind: 'nonsense' }))).toMatchObject({
      unauthorized: true,
      reply: { ok: false, error: { code: 'unauthorized' } },
    });
  });

  it('normalizes an undefined result to null', async () => {
    const outcome = await handle({ query: () => undefined })(
      JSON.stringify({ token: TOKEN, kind: 'query', what: 'state' }),
    );
    expect(outcome?.reply).toEqual({ ok: true, result: null });
  });

  it('turns a rejected promise into failed', async () => {
    const outcome = await handle({ hook: () => Promise.reject(new Error('nope')) })(
      JSON.stringify({
        token: TOKEN,
        id: 'h',
        kind: 'hook',
        worker: 'w',
        event: 'Stop',
        payload: {},
      }),
    );
    expect(outcome?.reply).toEqual({
      id: 'h',
      ok: false,
      error: { code: 'failed', message: 'nope' },
    });
  });

  it('rejects a hook event that is not a name', async () => {
    const outcome = await handle()(
      JSON.stringify({ token: TOKEN, kind: 'hook', worker: 'w', event: '../x', payload: null }),
    );
    expect(outcome?.reply).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });
});
