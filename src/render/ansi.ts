/** The few host-terminal sequences the renderer and the lifecycle need. */
export const ESC = '\x1b';
export const CSI = `${ESC}[`;

/** Cursor to a 0-based cell. */
export const moveTo = (x: number, y: number): string => `${CSI}${y + 1};${x + 1}H`;
export const RESET_SGR = `${CSI}0m`;
export const ERASE_TO_LINE_END = `${CSI}K`;
export const CLEAR_SCREEN = `${CSI}2J`;
export const SHOW_CURSOR = `${CSI}?25h`;
export const HIDE_CURSOR = `${CSI}?25l`;
/** Synchronized output (mode 2026): the terminal shows the frame at once, never half. */
export const BEGIN_SYNC = `${CSI}?2026h`;
export const END_SYNC = `${CSI}?2026l`;
