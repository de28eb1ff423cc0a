import { describe, expect, it } from 'vitest';
import { encodeReply, okReply, requestSchema } from '../../../src/control/protocol.js';

describe('protocol', () => {
  it('keeps unknown command fields for the validator', () => {
    const parsed = requestSchema.parse({
      token: 't',
      kind: 'command',
      command: { type: 'task.add', title: 'x' },
    });
    expect(parsed).toMatchObject({ command: { type: 'task.add', title: 'x' } });
  });

  it('encodes a result that is not JSON as a failed reply', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const encoded = JSON.parse(encodeReply(okReply(1, cyclic))) as unknown;
    expect(encoded).toMatchObject({ id: 1, ok: false, error: { code: 'failed' } });
  });
});
