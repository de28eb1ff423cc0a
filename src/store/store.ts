import { createStore, type StoreApi } from 'zustand/vanilla';
import { createLayoutSlice, type LayoutSlice } from './layoutSlice.js';
import { createLogSlice, type LogSlice } from './logSlice.js';
import { createSessionSlice, type SessionSlice } from './sessionSlice.js';
import { createTasksSlice, type TasksSlice } from './tasksSlice.js';
import { createUiSlice, type UiSlice } from './uiSlice.js';
import { createWorkersSlice, type WorkersSlice } from './workersSlice.js';

/** The one live state of the control room: plain data only, JSON-serializable. */
export type AppState = WorkersSlice & LayoutSlice & UiSlice & LogSlice & SessionSlice & TasksSlice;
export type AppStore = StoreApi<AppState>;

export function createAppStore(): AppStore {
  return createStore<AppState>()((...args) => ({
    ...createWorkersSlice(...args),
    ...createLayoutSlice(...args),
    ...createUiSlice(...args),
    ...createLogSlice(...args),
    ...createSessionSlice(...args),
    ...createTasksSlice(...args),
  }));
}
