import { describe, expect, it } from 'vitest';
import {
  createCommandValidator,
  engineCommandSchemas,
} from '../../../src/control/commandValidator.js';

const validate = createCommandValidator(engineCommandSchemas);

describe('command validator', () => {
  it('accepts commands of the vocabulary', () => {
    expect(validate({ type: 'worker.kill', id: 'w1', confirmed: true })).toEqual({
      ok: true,
      command: { type: 'worker.kill', id: 'w1', confirmed: true },
    });
    expect(validate({ type: 'focus.cycle', delta: -1 })).toMatchObject({ ok: true });
  });

  it('calls an unknown type unknown_command', () => {
    expect(validate({ type: 'toString' })).toMatchObject({ ok: false, code: 'unknown_command' });
    expect(validate({ type: 'task.add' })).toMatchObject({ ok: false, code: 'unknown_command' });
  });

  it('calls bad or misspelt fields bad_request', () => {
    expect(validate({ type: 'focus.index', index: 0 })).toMatchObject({ code: 'bad_request' });
    expect(validate({ type: 'worker.kill', id: 'w1', confirm: true })).toMatchObject({
      code: 'bad_request',
    });
  });

  it('takes whatever table it is given', () => {
    const zoomOnly = createCommandValidator({ 'layout.zoom': engineCommandSchemas['layout.zoom'] });
    expect(zoomOnly({ type: 'layout.zoom' })).toMatchObject({ ok: true });
    expect(zoomOnly({ type: 'app.quit' })).toMatchObject({ code: 'unknown_command' });
  });
});
