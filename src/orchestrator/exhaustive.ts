/**
 * The end of an exhaustive switch over a discriminated union. TypeScript
 * proves the call unreachable at compile time; if data from outside the type
 * system (a saved state, a socket) still gets here, it is a bug and is thrown.
 */
export function assertNever(value: never, what: string): never {
  throw new Error(`unhandled ${what}: ${JSON.stringify(value)}`);
}
