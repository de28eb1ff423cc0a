/**
 * An error the user can fix: its message says what is wrong, where, and how
 * to fix it, and is shown as is — no stack trace. Anything else is a bug.
 */
export class UserError extends Error {
  constructor(
    message: string,
    /** Process exit code when this ends the program: 2 for usage errors. */
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

export const errorMessage = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);
