/**
 * True when every field of `patch` already holds that value in `current`.
 * A slice returns the state itself then, which zustand does not announce: a
 * patch that changes nothing must not re-render the chrome (a whole Ink frame)
 * nor wake the subscribers that save the session.
 */
export function changesNothing<T extends object>(current: T, patch: Partial<T>): boolean {
  for (const key of Object.keys(patch) as (keyof T)[]) {
    if (!Object.is(current[key], patch[key])) return false;
  }
  return true;
}
