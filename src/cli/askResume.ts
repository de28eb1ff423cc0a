import { createInterface } from 'node:readline/promises';

/**
 * Asks on the plain terminal, before the control room takes it over, whether
 * to resume a session that did not end cleanly. Enter means yes.
 */
export async function askYesNo(
  question: string,
  streams: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream },
): Promise<boolean> {
  const reader = createInterface({ input: streams.input, output: streams.output });
  try {
    const answer = (await reader.question(`${question} [Y/n] `)).trim().toLowerCase();
    return answer === '' || answer === 'y' || answer === 'yes';
  } finally {
    reader.close();
  }
}
