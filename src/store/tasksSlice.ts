import type { StateCreator } from 'zustand/vanilla';
import type { DispatchStrategy, Task } from '../orchestrator/types.js';
import { changesNothing } from './patch.js';
import type { AppState } from './store.js';

export interface DispatchState {
  /** Auto-dispatch is held: ready tasks wait for the human (/release). */
  held: boolean;
  strategy: DispatchStrategy;
  /** Round-robin position. */
  cursor: number;
}

export interface TasksSlice {
  tasks: readonly Task[];
  dispatch: DispatchState;
  setTasks: (tasks: readonly Task[]) => void;
  setDispatch: (patch: Partial<DispatchState>) => void;
}

export const createTasksSlice: StateCreator<AppState, [], [], TasksSlice> = (set) => ({
  tasks: [],
  dispatch: { held: false, strategy: 'capability', cursor: 0 },
  setTasks: (tasks) => set({ tasks }),
  setDispatch: (patch) =>
    set((state) =>
      changesNothing(state.dispatch, patch) ? state : { dispatch: { ...state.dispatch, ...patch } },
    ),
});
