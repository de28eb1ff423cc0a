import { MASTER_PANE_ID } from '../engine/commands.js';
import type { ReplayMarker } from '../recording/replayModel.js';
import { systemClock, type Clock } from '../util/clock.js';
import { Emitter, type Disposable } from '../util/disposable.js';
import { UserError, errorMessage } from '../util/errors.js';
import { ActivityIndex } from './activity.js';
import { IdleMap, MAX_SPEED, MIN_SPEED, faster, slower } from './idleMap.js';
import type { ReplayControls } from './replayInput.js';
import { effectiveFocus, tiledPaneIds, zoomedPane } from './replayLayout.js';
import { ReplayProjector, describeSession } from './replayProjector.js';
import type { ReplayScreen } from './replayScreen.js';
import { refreshSessionState, type ReplaySession } from './replaySession.js';
import type { Notice, ReplayStore } from './replayStore.js';
import { formatClock, resolveGoTo } from './timeFormat.js';

export interface ReplayPlayerOptions {
  session: ReplaySession;
  store: ReplayStore;
  /** Monotonic ms and timers: playback runs on it (a fake one in tests). */
  clock?: Clock;
  /** Unix ms: how far a running session has got. */
  wallClock?: () => number;
  speed?: number;
  /** `--from`: a time or a marker label (see timeFormat.ts). */
  from?: string | null;
  /** `--idle-limit`: quiet gaps longer than this many seconds play in this many. */
  idleLimitS?: number | null;
  /** Don't start playing (tests, or a viewer who wants to look first). */
  paused?: boolean;
  /** How often playback steps and paints (ms of real time). */
  frameMs?: number;
  /** How often the timeline's clock moves while playing: Ink redraws the chrome then. */
  clockEveryMs?: number;
  /** How often a running session's files are read again. */
  refreshMs?: number;
  /** Reads a running session's state again (seam for tests). */
  refreshSession?: (session: ReplaySession) => Promise<void>;
}

const SECOND = 1000;
/** `[` while playing skips a marker just passed, or it would only ever go back to it. */
const PREVIOUS_GRACE_MS = 1500;

/**
 * Plays a recorded session: one clock for every pane, driven by an injected Clock.
 * Playback time maps to session time through the idle map (`--idle-limit`); the
 * position is always shown in session time. Each step moves the model, then the
 * projector writes the moment into the store and snapshots the screens; listeners of
 * `onFrame` (the renderer) hear which panes to repaint.
 */
export class ReplayPlayer implements ReplayControls {
  private readonly clock: Clock;
  private readonly wallClock: () => number;
  private readonly projector: ReplayProjector;
  private readonly frames = new Emitter<string[]>();
  private readonly pending = new Set<Promise<void>>();
  private idle = IdleMap.none();
  private activity: ActivityIndex | null = null;
  private playing = false;
  private speed: number;
  private anchorWall = 0;
  private anchorPlayback = 0;
  /** The position last asked of the model. */
  private target = 0;
  private lastClockUpdate = -Infinity;
  private tickTimer: unknown = null;
  private refreshTimer: unknown = null;
  private disposed = false;

  private constructor(private readonly options: ReplayPlayerOptions) {
    this.clock = options.clock ?? systemClock;
    this.wallClock = options.wallClock ?? Date.now;
    this.speed = clampSpeed(options.speed ?? 1);
    this.projector = new ReplayProjector(options.session, options.store);
  }

  /** Opens the player at `--from` (a bad one is a UserError) and starts playing. */
  static async open(options: ReplayPlayerOptions): Promise<ReplayPlayer> {
    const player = new ReplayPlayer(options);
    await player.start();
    return player;
  }

  private get session(): ReplaySession {
    return this.options.session;
  }

  private get store(): ReplayStore {
    return this.options.store;
  }

  private async start(): Promise<void> {
    const { session } = this;
    const { model } = session;
    let from = 0;
    if (this.options.from) {
      const target = resolveGoTo(this.options.from, model.markers());
      if (!target.ok) throw new UserError(`--from ${this.options.from}: ${target.error}.`, 2);
      from = target.ms;
    }
    const limit = this.options.idleLimitS ?? null;
    this.store.setState({ ...describeSession(session), speed: this.speed, idleLimitS: limit });
    if (limit !== null) {
      this.activity = new ActivityIndex(session.recordingsDir, limit * SECOND);
      this.idle = await this.activity.update(model.manifest);
    }
    await this.moveTo(this.clamp(from));
    if (session.live) this.scheduleRefresh();
    if (!this.options.paused) this.play();
  }

  /** The replayed panes' screens, for the compositor. */
  screen(id: string): ReplayScreen {
    return this.projector.screen(id);
  }

  /** Fires after each step with the tiled panes whose screens changed. */
  onFrame(listener: (paneIds: string[]) => void): Disposable {
    return this.frames.event(listener);
  }

  get isPlaying(): boolean {
    return this.playing;
  }

  get currentSpeed(): number {
    return this.speed;
  }

  /** Where playback is now: the clock's position while playing, else the last target. */
  get positionMs(): number {
    return this.playing ? this.clockPosition() : this.target;
  }

  /** The end: the last recorded moment, or now for a session still running. */
  durationMs(): number {
    const recorded = this.session.model.duration();
    if (!this.session.live) return recorded;
    return Math.max(recorded, this.wallClock() - this.session.model.manifest.startedAt);
  }

  play(): void {
    if (this.playing || this.disposed) return;
    // At the end of a finished recording, play starts again from the top.
    if (!this.session.live && this.target >= this.durationMs()) this.target = 0;
    this.playing = true;
    this.anchor(this.target);
    this.store.setState({ playing: true });
    this.scheduleTick();
  }

  pause(): void {
    if (!this.playing) return;
    const at = this.clockPosition();
    this.playing = false;
    this.cancelTick();
    this.store.setState({ playing: false });
    void this.moveTo(at);
  }

  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  faster(): void {
    this.setSpeed(faster(this.speed));
  }

  slower(): void {
    this.setSpeed(slower(this.speed));
  }

  setSpeed(speed: number): void {
    const at = this.positionMs;
    this.speed = clampSpeed(speed);
    this.anchor(at);
    this.store.setState({ speed: this.speed });
  }

  seekBy(deltaMs: number): Promise<void> {
    return this.seekTo(this.positionMs + deltaMs);
  }

  seekTo(ms: number): Promise<void> {
    const at = this.clamp(ms);
    this.anchor(at);
    return this.moveTo(at);
  }

  nextMarker(): Promise<void> {
    const at = this.positionMs;
    const marker = this.markers().find((candidate) => candidate.timeMs > at + 1);
    if (!marker) return this.say(`no marker after ${formatClock(at)}`);
    return this.goToMarker(marker);
  }

  previousMarker(): Promise<void> {
    const at = this.positionMs;
    const before = at - (this.playing ? PREVIOUS_GRACE_MS : 1);
    const marker = this.markers()
      .filter((candidate) => candidate.timeMs < before)
      .at(-1);
    if (!marker) return this.seekTo(0);
    return this.goToMarker(marker);
  }

  openGoTo(): void {
    this.store.setState({ goTo: { text: '', error: null } });
  }

  editGoTo(text: string): void {
    this.store.setState({ goTo: { text, error: null } });
  }

  cancelGoTo(): void {
    this.store.setState({ goTo: null });
  }

  /** Goes to the time or marker typed; a bad one keeps the prompt open with why. */
  submitGoTo(): Promise<void> {
    const text = this.store.getState().goTo?.text ?? '';
    const target = resolveGoTo(text, this.markers(), this.positionMs);
    if (!target.ok) {
      this.store.setState({ goTo: { text, error: target.error } });
      return Promise.resolve();
    }
    this.store.setState({ goTo: null, notice: { text: `at ${target.what}`, level: 'info' } });
    return this.seekTo(target.ms);
  }

  /** `z`: zooms the focused pane, or unzooms whatever is zoomed. */
  toggleZoom(): void {
    const state = this.store.getState();
    this.store.setState({ zoom: zoomedPane(state) ? 'off' : 'on' });
    this.relayout();
  }

  /** Tab / Shift-Tab: the next pane (the master pane last), as in the live room. */
  cycleFocus(delta: number): void {
    const state = this.store.getState();
    const order = [...tiledPaneIds(state), MASTER_PANE_ID];
    const index = order.indexOf(effectiveFocus(state) ?? MASTER_PANE_ID);
    this.focus(order[(index + delta + order.length) % order.length] ?? null);
  }

  /** 1–9: the Nth tiled pane. */
  focusIndex(index: number): void {
    const id = tiledPaneIds(this.store.getState())[index - 1];
    if (id) this.focus(id);
    else void this.say(`there is no pane ${index}`);
  }

  /** `f`: focus and zoom follow the recording again. */
  follow(): void {
    this.store.setState({ focus: null, zoom: 'recorded' });
    this.relayout();
  }

  resize(cols: number, rows: number): void {
    this.store.setState({ screen: { cols, rows } });
    this.relayout();
  }

  clearNotice(): void {
    if (this.store.getState().notice) this.store.setState({ notice: null });
  }

  /** Catches up with the clock now and waits for every step in flight (tests). */
  async settle(): Promise<void> {
    if (this.playing) this.step();
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  dispose(): void {
    this.disposed = true;
    this.playing = false;
    this.cancelTick();
    if (this.refreshTimer !== null) this.clock.clearTimeout(this.refreshTimer);
    this.refreshTimer = null;
    this.frames.dispose();
    this.projector.dispose();
    void this.activity?.close();
    this.session.model.dispose();
  }

  private focus(id: string | null): void {
    const state = this.store.getState();
    // A zoomed room stays zoomed, on the pane chosen.
    const zoom = zoomedPane(state) ? 'on' : state.zoom;
    this.store.setState({ focus: id, zoom });
    this.relayout();
  }

  private relayout(): void {
    const changed = this.projector.snapshot();
    this.frames.fire(changed);
  }

  private markers(): ReplayMarker[] {
    return this.session.model.markers();
  }

  private goToMarker(marker: ReplayMarker): Promise<void> {
    this.store.setState({ notice: { text: `▸ ${marker.label}`, level: 'info' } });
    return this.seekTo(marker.timeMs);
  }

  private say(text: string, level: Notice['level'] = 'info'): Promise<void> {
    this.store.setState({ notice: { text, level } });
    return Promise.resolve();
  }

  private clamp(ms: number): number {
    return Math.max(0, Math.min(this.durationMs(), ms));
  }

  private anchor(sessionMs: number): void {
    this.anchorWall = this.clock.now();
    this.anchorPlayback = this.idle.toPlayback(sessionMs);
    this.target = sessionMs;
  }

  private clockPosition(): number {
    const elapsed = (this.clock.now() - this.anchorWall) * this.speed;
    return this.clamp(this.idle.toSession(this.anchorPlayback + elapsed));
  }

  private scheduleTick(): void {
    if (this.tickTimer !== null || !this.playing) return;
    this.tickTimer = this.clock.setTimeout(() => {
      this.tickTimer = null;
      this.step();
      this.scheduleTick();
    }, this.options.frameMs ?? 33);
  }

  private cancelTick(): void {
    if (this.tickTimer !== null) this.clock.clearTimeout(this.tickTimer);
    this.tickTimer = null;
  }

  /** One playback step to where the clock is; at the end of a finished recording, stop. */
  private step(): void {
    if (!this.playing) return;
    const at = this.clockPosition();
    if (!this.session.live && at >= this.durationMs()) {
      this.playing = false;
      this.cancelTick();
      this.store.setState({
        playing: false,
        notice: { text: 'end of the recording', level: 'info' },
      });
    }
    void this.moveTo(at);
  }

  private moveTo(ms: number): Promise<void> {
    this.target = ms;
    const work = this.session.model
      .advance(ms)
      .then(() => this.commit())
      .catch((error: unknown) => this.fail(error));
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
    return work;
  }

  private commit(): void {
    if (this.disposed) return;
    const now = this.clock.now();
    const clockEvery = this.options.clockEveryMs ?? 200;
    const moveClock = !this.playing || now - this.lastClockUpdate >= clockEvery;
    if (moveClock) this.lastClockUpdate = now;
    const changed = this.projector.project({
      durationMs: this.durationMs(),
      positionMs: moveClock,
    });
    this.frames.fire(changed);
  }

  private fail(error: unknown): void {
    if (this.disposed) return;
    this.playing = false;
    this.cancelTick();
    this.store.setState({
      playing: false,
      notice: { text: `cannot read the recording: ${errorMessage(error)}`, level: 'error' },
    });
  }

  /** A running session: its manifest, state and casts are read again now and then. */
  private scheduleRefresh(): void {
    if (this.disposed) return;
    this.refreshTimer = this.clock.setTimeout(() => {
      this.refreshTimer = null;
      const work = this.refresh()
        .catch(() => {})
        .then(() => {
          if (this.session.live) this.scheduleRefresh();
        });
      this.pending.add(work);
      void work.finally(() => this.pending.delete(work));
    }, this.options.refreshMs ?? SECOND);
  }

  private async refresh(): Promise<void> {
    const { session } = this;
    await session.model.refresh();
    await (this.options.refreshSession ?? refreshSessionState)(session);
    if (this.activity) {
      const at = this.positionMs;
      this.idle = await this.activity.update(session.model.manifest);
      if (this.playing) this.anchor(at);
    }
    if (this.disposed) return;
    this.store.setState({ markers: session.model.markers(), live: session.live });
    // While playing the next step shows it; a paused player shows the new end now.
    if (!this.playing) this.commit();
  }
}

function clampSpeed(speed: number): number {
  if (!Number.isFinite(speed)) return 1;
  return Math.max(MIN_SPEED, Math.min(MAX_SPEED, speed));
}
