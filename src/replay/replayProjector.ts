import type { ReplayIssue } from '../recording/replayModel.js';
import type { LogEntry } from '../store/logSlice.js';
import { boardAt } from './boardAt.js';
import { replayLayout } from './replayLayout.js';
import { ReplayScreen } from './replayScreen.js';
import type { ReplaySession } from './replaySession.js';
import type { RecordedLayout, ReplayPane, ReplayState, ReplayStore } from './replayStore.js';
import { logAt } from './sessionState.js';

/** What the store says about the session before any moment is shown. */
export function describeSession(session: ReplaySession): Partial<ReplayState> {
  const { model } = session;
  return {
    sessionId: session.id,
    label: session.state?.session.label ?? null,
    startedAt: model.manifest.startedAt,
    mode: session.state?.layout.mode ?? 'grid',
    markers: model.markers(),
    live: session.live,
  };
}

/**
 * Shows the model's playhead: writes the moment into the store (panes, layout, board,
 * log, issues — only what changed, so Ink renders only then) and snapshots the tiled
 * panes' screens for the compositor. The player and the export both step the model
 * and then call `project`.
 */
export class ReplayProjector {
  private readonly screens = new Map<string, ReplayScreen>();
  private boardKey = '';
  private issuesKey = '';
  private panesKey = '';

  constructor(
    private readonly session: ReplaySession,
    private readonly store: ReplayStore,
  ) {}

  screen(id: string): ReplayScreen {
    let screen = this.screens.get(id);
    if (!screen) {
      screen = new ReplayScreen();
      this.screens.set(id, screen);
    }
    return screen;
  }

  /**
   * The store and the snapshots at the model's position; the ids of tiled panes whose
   * screens may have changed. `positionMs: false` leaves the clock on the timeline as
   * it is (the player moves it less often than it paints).
   */
  project(options: { durationMs: number; positionMs?: boolean }): string[] {
    const { model } = this.session;
    const at = model.positionMs;
    const state = this.store.getState();
    const patch: Partial<ReplayState> = {};
    if (options.positionMs !== false) patch.positionMs = at;
    if (state.durationMs !== options.durationMs) patch.durationMs = options.durationMs;
    if (state.live !== this.session.live) patch.live = this.session.live;

    const panes = model.paneIds().map((id) => this.pane(id, at));
    const panesKey = JSON.stringify(panes);
    if (panesKey !== this.panesKey) {
      this.panesKey = panesKey;
      patch.panes = panes;
    }
    const layout = this.layoutAt(at);
    if (JSON.stringify(layout) !== JSON.stringify(state.layout)) patch.layout = layout;
    if (state.markers.length !== model.manifest.markers.length) patch.markers = model.markers();
    Object.assign(patch, this.masterAt(at, state));
    const issues: ReplayIssue[] = [
      ...this.session.issues,
      ...(this.session.taskHistory?.issues ?? []),
      ...model.issues(),
    ];
    const issuesKey = JSON.stringify(issues);
    if (issuesKey !== this.issuesKey) {
      this.issuesKey = issuesKey;
      patch.issues = issues;
    }
    if (Object.keys(patch).length > 0) this.store.setState(patch);
    return this.snapshot();
  }

  /** Snapshots again for the current layout (after a resize, a zoom); changed pane ids. */
  snapshot(): string[] {
    const layout = replayLayout(this.store.getState());
    if (layout.grid.kind !== 'tiled') return [];
    const changed: string[] = [];
    for (const pane of layout.grid.panes) {
      const screen = this.screen(pane.id);
      const view = { width: pane.interior.width, height: pane.interior.height };
      if (screen.update(this.session.model.screen(pane.id), view)) changed.push(pane.id);
    }
    return changed;
  }

  dispose(): void {
    for (const screen of this.screens.values()) screen.dispose();
    this.screens.clear();
  }

  private pane(id: string, at: number): ReplayPane {
    const { model, state } = this.session;
    const runs = model.manifest.panes
      .filter((entry) => entry.id === id)
      .sort((a, b) => a.startMs - b.startMs);
    const now = model.paneAt(id, at);
    const recording = now?.recording ?? runs[0];
    const worker = state?.workers.find((candidate) => candidate.id === id);
    const terminal = model.screen(id);
    const missing = model
      .issues()
      .some((issue) => issue.file === recording?.file && issue.message === 'missing');
    return {
      id,
      name: worker?.name ?? recording?.title ?? id,
      role: worker?.role ?? null,
      command: worker?.commandLine ?? recording?.command ?? null,
      cols: terminal?.cols ?? recording?.cols ?? 0,
      rows: terminal?.rows ?? recording?.rows ?? 0,
      started: now !== null,
      run: now ? runs.indexOf(now.recording) + 1 : 0,
      ended: now?.ended ?? false,
      missing,
    };
  }

  /** A run whose cast could not be opened (the model reports it once, as "missing"). */
  private missing(file: string): boolean {
    return this.session.model
      .issues()
      .some((issue) => issue.file === file && issue.message === 'missing');
  }

  private layoutAt(at: number): RecordedLayout | null {
    const entry = this.session.model.layoutAt(at);
    return entry ? { panes: [...entry.panes], focus: entry.focus, zoom: entry.zoom } : null;
  }

  /** The log and board as they were; recomputed only when something about them moved. */
  private masterAt(at: number, state: ReplayState): Partial<ReplayState> {
    const session = this.session;
    const epochMs = session.model.manifest.startedAt + at;
    const log: LogEntry[] = logAt(session.log, epochMs);
    const tasks = session.state?.tasks ?? [];
    const created = tasks.filter((task) => task.createdAt <= epochMs).length;
    const settled = tasks.filter((task) => task.updatedAt <= epochMs).length;
    const history = session.taskHistory;
    const recorded = history ? `${history.length}@${history.indexAt(epochMs)}` : '';
    const key = `${session.log.length}|${log.length}|${log.at(-1)?.at ?? ''}|${created}|${settled}|${tasks.length}|${recorded}`;
    if (key === this.boardKey) return {};
    this.boardKey = key;
    const saved = session.state?.dispatch ?? null;
    const board = boardAt(tasks, session.log, epochMs, saved?.held ?? null, history);
    const available = session.state !== null || (history?.length ?? 0) > 0;
    return {
      log,
      tasks: board.tasks,
      board: { finalState: board.finalState, available },
      dispatch: {
        ...state.dispatch,
        ...(saved ? { strategy: saved.strategy } : {}),
        held: board.held ?? false,
      },
    };
  }
}
