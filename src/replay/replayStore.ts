import { createStore, type StoreApi } from 'zustand/vanilla';
import type { LayoutMode } from '../engine/commands.js';
import type { Task } from '../orchestrator/types.js';
import type { ReplayIssue, ReplayMarker } from '../recording/replayModel.js';
import type { LogEntry } from '../store/logSlice.js';
import type { DispatchState } from '../store/tasksSlice.js';

export interface ReplayPane {
  id: string;
  /** The worker's name (from the saved session), else the recording's title, else the id. */
  name: string;
  role: string | null;
  command: string | null;
  /** The recorded terminal size at the position (it changes with "r" events). */
  cols: number;
  rows: number;
  /** Its run had started by the position; 1-based run number (a restart is run 2). */
  started: boolean;
  run: number;
  ended: boolean;
  /** Its cast cannot be read (reported in issues): the frame is drawn, empty. */
  missing: boolean;
}

/** The recorded layout at the position; null fields follow the recording's absence. */
export interface RecordedLayout {
  panes: string[];
  focus: string | null;
  zoom: string | null;
}

/** `recorded` follows the recording; `on`/`off` is the viewer's own choice (z). */
export type ZoomChoice = 'recorded' | 'on' | 'off';

export interface BoardInfo {
  /** How the board was made: see src/replay/boardAt.ts. */
  finalState: number;
  /** Null when there is no saved session to take a board from. */
  available: boolean;
}

export interface Notice {
  text: string;
  level: 'info' | 'warn' | 'error';
}

/**
 * Everything the replay's chrome shows, as plain data. The player writes it; Ink and
 * the compositor's layout read it. Times are ms on the session clock.
 */
export interface ReplayState {
  sessionId: string;
  label: string | null;
  /** Unix ms of the session clock's 0, for the log's wall-clock times. */
  startedAt: number;
  screen: { cols: number; rows: number };
  mode: LayoutMode;
  positionMs: number;
  durationMs: number;
  playing: boolean;
  speed: number;
  /** Still being recorded: the end keeps moving. */
  live: boolean;
  idleLimitS: number | null;
  markers: ReplayMarker[];
  panes: ReplayPane[];
  /** Null when the recording holds no layout (no manifest): every started pane is tiled. */
  layout: RecordedLayout | null;
  /** The viewer's focus (digits, Tab); null follows the recording. */
  focus: string | null;
  zoom: ZoomChoice;
  /** The `g` prompt while it is open. */
  goTo: { text: string; error: string | null } | null;
  notice: Notice | null;
  issues: ReplayIssue[];
  /** The event log and the board as they were at the position. */
  log: readonly LogEntry[];
  tasks: readonly Task[];
  board: BoardInfo;
  dispatch: DispatchState;
}

export type ReplayStore = StoreApi<ReplayState>;

export function initialReplayState(patch: Partial<ReplayState> = {}): ReplayState {
  return {
    sessionId: '',
    label: null,
    startedAt: 0,
    screen: { cols: 80, rows: 24 },
    mode: 'grid',
    positionMs: 0,
    durationMs: 0,
    playing: false,
    speed: 1,
    live: false,
    idleLimitS: null,
    markers: [],
    panes: [],
    layout: null,
    focus: null,
    zoom: 'recorded',
    goTo: null,
    notice: null,
    issues: [],
    log: [],
    tasks: [],
    board: { finalState: 0, available: false },
    dispatch: { held: false, strategy: 'capability', cursor: 0 },
    ...patch,
  };
}

export function createReplayStore(patch: Partial<ReplayState> = {}): ReplayStore {
  return createStore<ReplayState>()(() => initialReplayState(patch));
}
