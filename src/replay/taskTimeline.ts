import { skippedLines, type ReplayIssue } from '../recording/replayModel.js';
import {
  applyTaskRecord,
  readTaskHistory,
  taskHistoryBytes,
  taskHistoryFile,
  type TaskBoard,
  type TaskRecord,
} from '../recording/taskHistory.js';
import { errorMessage } from '../util/errors.js';

/**
 * The recorded task history (src/recording/taskHistory.ts) as the board at any moment,
 * on the unix clock of the event log and the tasks' own timestamps. Moving forward
 * applies only the records passed since the last call, so playing costs little; going
 * back starts again from the last snapshot before.
 */
export class TaskTimeline {
  private readonly times: number[];
  private last: { index: number; board: TaskBoard } | null = null;

  constructor(
    private readonly records: readonly TaskRecord[],
    /** Unix ms of the session clock's 0 (the manifest's `startedAt`). */
    startedAt: number,
    /** Lines skipped, for the player to show. */
    readonly issues: readonly ReplayIssue[] = [],
    /** The size of the files read: `refresh` reads them again once it changes. */
    readonly bytes = 0,
  ) {
    this.times = records.map((record) => startedAt + record.t);
  }

  /**
   * The task history of a recordings folder; null when it has none (recorded before
   * there was one: the board then comes from the event log). Unreadable, it is an empty
   * history with the reason in `issues`. `growing`: the session is still recorded.
   */
  static async load(
    dir: string,
    startedAt: number,
    growing: boolean,
  ): Promise<TaskTimeline | null> {
    try {
      const read = await readTaskHistory(dir, { growing });
      if (!read) return null;
      const issues = read.skipped.map((bad) => skippedLines(bad.file, bad.lines, bad.firstBadLine));
      return new TaskTimeline(read.records, startedAt, issues, read.bytes);
    } catch (error) {
      const issue = { file: taskHistoryFile(1), message: errorMessage(error) };
      return new TaskTimeline([], startedAt, [issue]);
    }
  }

  /** `current` read again if its files grew (a running session), else `current` itself. */
  static async refresh(
    current: TaskTimeline | null,
    dir: string,
    startedAt: number,
  ): Promise<TaskTimeline | null> {
    if ((await taskHistoryBytes(dir)) === (current?.bytes ?? 0)) return current;
    return TaskTimeline.load(dir, startedAt, true);
  }

  /** How many records: changes when a running session records more. */
  get length(): number {
    return this.records.length;
  }

  /** The last record at or before `epochMs`; -1 before the history begins. */
  indexAt(epochMs: number): number {
    let low = 0;
    let high = this.times.length - 1;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if ((this.times[middle] ?? Infinity) <= epochMs) {
        found = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return found;
  }

  /**
   * The board at `epochMs`; null before the history begins (a session recorded by an
   * older version and resumed by this one has history only from the resume on).
   */
  at(epochMs: number): TaskBoard | null {
    const index = this.indexAt(epochMs);
    if (index < 0) return null;
    let from = this.last && this.last.index <= index ? this.last : null;
    if (!from) {
      let start = index;
      while (start > 0 && this.records[start]?.kind !== 'snapshot') start -= 1;
      // Without a snapshot (its line unreadable), the board starts empty.
      from = { index: start - 1, board: { tasks: [], held: false } };
    }
    let board = from.board;
    for (let i = from.index + 1; i <= index; i += 1) {
      const record = this.records[i];
      if (record) board = applyTaskRecord(board, record);
    }
    this.last = { index, board };
    return board;
  }
}
