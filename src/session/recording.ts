import { SessionRecorder } from '../recording/sessionRecorder.js';
import type { OutputTap } from '../engine/workerRuntime.js';
import type { WorkerSpec } from '../engine/workerSpec.js';
import type { AppStore } from '../store/store.js';
import type { LogEntry } from '../store/logSlice.js';

/** Log kinds that become markers in the recordings: what a reviewer seeks to. */
const MARKED_KINDS = new Set(['decision', 'override', 'status', 'message', 'task']);
/** Typing into a worker marks once per burst: a pause this long starts a new one. */
const TYPING_BURST_MS = 2_000;

export interface SessionRecording {
  tapFor(spec: WorkerSpec): OutputTap;
  close(): Promise<void>;
}

/**
 * Every pane's raw output as asciicast v2 under `sessions/<id>/recordings`, with
 * markers from the event log, the layout and the task board over time. The recorder
 * only queues on the pty path; a full disk stops it with one warning.
 */
export async function startRecording(options: {
  store: AppStore;
  dir: string;
  recordInput: boolean;
  onWarning: (text: string) => void;
}): Promise<SessionRecording> {
  const { store } = options;
  const recorder = await SessionRecorder.open({
    dir: options.dir,
    recordInput: options.recordInput,
    onWarning: options.onWarning,
  });
  const lastTyping = new Map<string, number>();
  // The board at the start (a resumed session's tasks are restored right after this, and
  // coalesce into the same first record), then every change of the list.
  const start = store.getState();
  recorder.tasksChanged(start.tasks, start.dispatch.held);
  const unsubscribe = store.subscribe((state, previous) => {
    if (state.tasks !== previous.tasks || state.dispatch.held !== previous.dispatch.held) {
      recorder.tasksChanged(state.tasks, state.dispatch.held);
    }
    if (state.log !== previous.log) {
      const added = newEntries(previous.log, state.log);
      for (const entry of added) {
        if (!MARKED_KINDS.has(entry.kind)) continue;
        recorder.marker(entry.text, entry.workerId ? [entry.workerId] : undefined);
      }
    }
    if (
      state.workerOrder !== previous.workerOrder ||
      state.layout.focus !== previous.layout.focus ||
      state.layout.zoom !== previous.layout.zoom
    ) {
      recorder.layoutChanged({
        panes: [...state.workerOrder],
        focus: state.layout.focus,
        zoom: state.layout.zoom ? state.layout.focus : null,
      });
    }
  });
  return {
    tapFor: (spec) => ({
      started: (size) =>
        recorder.startPane(spec.id, { ...size, command: spec.commandLine, title: spec.name }),
      output: (data) => recorder.output(spec.id, data),
      input: (data) => {
        recorder.input(spec.id, data);
        const now = Date.now();
        if (now - (lastTyping.get(spec.id) ?? 0) > TYPING_BURST_MS) {
          recorder.marker(`${spec.name}: the human typed`, [spec.id]);
        }
        lastTyping.set(spec.id, now);
      },
      resized: (cols, rows) => recorder.resize(spec.id, cols, rows),
      ended: () => recorder.endPane(spec.id),
    }),
    close: async () => {
      unsubscribe();
      await recorder.close();
    },
  };
}

/** The entries appended since `before` (the log is capped, so compare from the end). */
function newEntries(before: readonly LogEntry[], after: readonly LogEntry[]): LogEntry[] {
  const last = before.at(-1);
  if (!last) return [...after];
  const index = after.lastIndexOf(last);
  return index === -1 ? [...after] : after.slice(index + 1);
}
