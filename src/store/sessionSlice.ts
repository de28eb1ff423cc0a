import type { StateCreator } from 'zustand/vanilla';
import type { AppState } from './store.js';

/** What this control room is working on: shown in the chrome, saved with the state. */
export interface SessionInfo {
  id: string;
  repoRoot: string;
  repoName: string;
  /** The ref the workers' branches start from. */
  base: string;
  /** ISO time. */
  startedAt: string;
  /** "demo" for the built-in demo, so it is labelled wherever it shows. */
  label: string | null;
}

export interface SessionSlice {
  session: SessionInfo | null;
  setSession: (session: SessionInfo | null) => void;
}

export const createSessionSlice: StateCreator<AppState, [], [], SessionSlice> = (set) => ({
  session: null,
  setSession: (session) => set({ session }),
});
