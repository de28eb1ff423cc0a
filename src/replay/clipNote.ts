/**
 * `recorded 200×50, shown 98×24 clipped` when a pane's recording does not fit its tile
 * (recorded at another screen size), else null: the replay says so rather than hide it.
 */
export function clipNote(
  recorded: { cols: number; rows: number },
  interior: { width: number; height: number },
): string | null {
  if (recorded.cols <= interior.width && recorded.rows <= interior.height) return null;
  const cols = Math.min(recorded.cols, interior.width);
  const rows = Math.min(recorded.rows, interior.height);
  return `recorded ${recorded.cols}×${recorded.rows}, shown ${cols}×${rows} clipped`;
}
