export interface CappedInput {
  text: string;
  /** The input ended (or was a TTY) before the cap and the deadline. */
  complete: boolean;
}

/** Enough of a stream for `readCapped`: process.stdin, or a PassThrough in tests. */
export type InputStream = NodeJS.ReadableStream & { isTTY?: boolean; destroy?: () => void };

/**
 * Reads a stream to its end, but never more than `maxBytes` and never longer
 * than `timeoutMs`: a hook's stdin may be a terminal or a pipe nobody closes,
 * and a hook must not hang. A stream left unfinished is destroyed, so its open
 * handle cannot keep the process alive.
 */
export function readCapped(
  stream: InputStream,
  options: { maxBytes: number; timeoutMs: number },
): Promise<CappedInput> {
  // Reading a terminal would wait for the human; a hook's payload never comes from one.
  if (stream.isTTY) return Promise.resolve({ text: '', complete: true });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    const finish = (complete: boolean): void => {
      clearTimeout(timer);
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
      stream.pause();
      if (!complete) stream.destroy?.();
      resolve({ text: Buffer.concat(chunks).toString('utf8'), complete });
    };
    const onData = (chunk: Buffer | string): void => {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      if (bytes + buffer.length > options.maxBytes) {
        finish(false);
        return;
      }
      chunks.push(buffer);
      bytes += buffer.length;
    };
    const onEnd = (): void => finish(true);
    const onError = (): void => finish(false);
    const timer = setTimeout(() => finish(false), options.timeoutMs);
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
    stream.resume();
  });
}
