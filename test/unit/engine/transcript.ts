/** The model the transcript lines below are priced by. */
export const CALL_MODEL = 'claude-opus-4-5';
export const CALL_INPUT_TOKENS = 1_000_000;

/** One transcript line of Claude Code: an API call of a million input tokens, nothing else. */
export const callLine = (id: string): string =>
  JSON.stringify({
    type: 'assistant',
    requestId: `req-${id}`,
    message: {
      id,
      model: CALL_MODEL,
      usage: {
        input_tokens: CALL_INPUT_TOKENS,
        output_tokens: 0,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
      },
    },
  }) + '\n';
