import { describe, expect, it } from 'vitest';
import { emulationFromEnv } from '../../../src/terminal/screenFactory.js';
import { UserError } from '../../../src/util/errors.js';

describe('emulationFromEnv', () => {
  it('emulates on the main thread unless told otherwise', () => {
    expect(emulationFromEnv({})).toBe('main');
    expect(emulationFromEnv({ MULTIBOT_EMULATION: '' })).toBe('main');
    expect(emulationFromEnv({ MULTIBOT_EMULATION: ' Worker ' })).toBe('worker');
    expect(emulationFromEnv({ MULTIBOT_EMULATION: 'main' })).toBe('main');
  });

  it('names the variable and the choices when the value is unknown', () => {
    expect(() => emulationFromEnv({ MULTIBOT_EMULATION: 'threads' })).toThrow(UserError);
    expect(() => emulationFromEnv({ MULTIBOT_EMULATION: 'threads' })).toThrow(
      /MULTIBOT_EMULATION=threads .*"worker".*"main"/,
    );
  });
});
