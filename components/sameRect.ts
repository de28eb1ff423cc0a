import type { PaneRect, Rect } from '../src/layout/types.js';

/**
 * The layout is computed afresh on every focus change, so rectangles arrive as
 * new objects; memoized components compare them by value.
 */
export const sameRect = (a: Rect, b: Rect): boolean =>
  a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;

export const samePane = (a: PaneRect, b: PaneRect): boolean =>
  a.id === b.id && sameRect(a.frame, b.frame) && sameRect(a.interior, b.interior);
