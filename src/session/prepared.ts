import type { WorkerSpec } from '../engine/workerSpec.js';
import type { WorktreeService } from '../git/worktreeService.js';
import type { SavedState } from '../persistence/schema.js';
import type { SessionDb } from '../persistence/sessionStore.js';
import type { WorkerInfo } from '../store/workersSlice.js';
import type { SessionContext } from './context.js';
import type { SessionRecord } from './savedState.js';

/** A worker ready to be added to the engine: how to start it, and whether to. */
export interface PreparedWorker {
  spec: WorkerSpec;
  /** False for workers the human had killed before a resume: shown as ended. */
  start: boolean;
  restored?: Partial<Omit<WorkerInfo, 'id'>>;
}

/** Everything a control room needs to open on a session, new or resumed. */
export interface PreparedSession {
  context: SessionContext;
  record: SessionRecord;
  db: SessionDb;
  workers: PreparedWorker[];
  worktrees: WorktreeService | null;
  /** Things to tell the user as the control room opens (dirty checkout, resumed agents…). */
  notes: string[];
  /** The saved state a resume starts from; null for a new session. */
  restored: SavedState | null;
}

/** Progress of slow preparation steps (creating worktrees), for the terminal before the TUI. */
export type Progress = (message: string) => void;
