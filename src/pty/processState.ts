import { readFileSync, readdirSync } from 'node:fs';

/** The fields of /proc/<pid>/stat this project needs. */
export interface ProcStat {
  /** R running, S sleeping, D disk wait, T stopped, t traced, Z zombie, X dead, I idle. */
  state: string;
  ppid: number;
  pgrp: number;
}

/**
 * Parses the text of /proc/<pid>/stat. The second field, comm, is the program
 * name in parentheses and may itself hold spaces and parentheses ("a) b (c"),
 * so fields are counted from the LAST ')' rather than by splitting the line.
 */
export function parseProcStat(text: string): ProcStat | null {
  const close = text.lastIndexOf(')');
  if (close < 0) return null;
  const [state, ppid, pgrp] = text
    .slice(close + 1)
    .trim()
    .split(' ');
  if (state === undefined || ppid === undefined || pgrp === undefined) return null;
  return { state, ppid: Number(ppid), pgrp: Number(pgrp) };
}

function readProcStat(pid: number): ProcStat | null {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    // Gone (ENOENT), or went away between readdir and read (ESRCH): both mean "no such process".
    return null;
  }
}

/** The state letter of a process (R, S, T, Z, …), or null when it does not exist. Linux only. */
export function readProcessState(pid: number): string | null {
  return readProcStat(pid)?.state ?? null;
}

/**
 * The live members of a process group, found by scanning /proc. Zombies (Z) and
 * dead (X) entries are left out: they can no longer run or hold anything, they
 * only wait for their parent (or init) to reap them. Linux only.
 */
export function listProcessGroup(pgid: number): number[] {
  const members: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    const stat = readProcStat(pid);
    if (stat && stat.pgrp === pgid && stat.state !== 'Z' && stat.state !== 'X') members.push(pid);
  }
  return members;
}
