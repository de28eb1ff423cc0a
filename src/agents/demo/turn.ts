/**
 * What one demo turn does: think (spinner), look at the files, plan an edit,
 * ask permission when the rule says so, write the file and commit it — firing
 * the tool hooks Claude Code would fire on the way. Esc aborts `signal`: a turn
 * stops at its next step and changes nothing; once the write has begun it
 * finishes (a half-made commit helps nobody).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Speed } from './args.js';
import type { EditResult } from './gitEdit.js';
import { commitCommand, commitEdit, planEdit, trackedFiles, writeEdit } from './gitEdit.js';
import type { HookRunner } from './hooks.js';
import type { Tone } from './screen.js';

export type TurnOutcome =
  | { kind: 'done'; summary: string; edit: EditResult }
  | { kind: 'denied'; summary: string }
  | { kind: 'interrupted'; summary: string }
  | { kind: 'failed'; summary: string };

export interface TurnDeps {
  cwd: string;
  speed: Speed;
  hooks: HookRunner;
  signal: AbortSignal;
  /** Ask y/n before the edit. */
  askFirst: boolean;
  log(text: string, tone: Tone): void;
  /** The spinner's text; null stops it. */
  activity(text: string | null): void;
  /** Shows the question and waits; false for "n" and when the turn is interrupted. */
  ask(question: string): Promise<boolean>;
  /** A fresh `tool_use_id`. */
  toolUseId(): string;
}

class Interrupted extends Error {}

export async function runTurn(prompt: string, deps: TurnDeps): Promise<TurnOutcome> {
  try {
    return await steps(prompt, deps);
  } catch (error) {
    if (error instanceof Interrupted || deps.signal.aborted) {
      deps.activity(null);
      return { kind: 'interrupted', summary: 'interrupted' };
    }
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
    deps.activity(null);
    return { kind: 'failed', summary: `failed: ${message}` };
  }
}

async function pause(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) throw new Interrupted();
  try {
    await sleep(ms, undefined, { signal });
  } catch {
    throw new Interrupted();
  }
}

async function steps(prompt: string, deps: TurnDeps): Promise<TurnOutcome> {
  const { cwd, speed, hooks, signal } = deps;

  deps.activity('thinking…');
  await pause(speed.thinkMs(), signal);

  // Look around, as a real agent would.
  deps.activity('reading files…');
  deps.log('● reading files…', 'info');
  const listing = { command: 'git ls-files', description: 'List the files in the worktree' };
  const listId = deps.toolUseId();
  hooks.fire('PreToolUse', { tool_name: 'Bash', tool_input: listing, tool_use_id: listId });
  const files = await trackedFiles(cwd);
  hooks.fire('PostToolUse', {
    tool_name: 'Bash',
    tool_input: listing,
    tool_use_id: listId,
    tool_response: { stdout: files.slice(0, 50).join('\n'), stderr: '', interrupted: false },
  });
  const sample = files.slice(0, 3).join(', ') + (files.length > 3 ? ', …' : '');
  deps.log(`  ⎿ ${files.length} tracked file${files.length === 1 ? '' : 's'}: ${sample}`, 'dim');
  await pause(speed.stepMs(), signal);

  // Plan the edit.
  const plan = planEdit(cwd, prompt);
  deps.activity('editing…');
  deps.log(`● editing ${plan.file}…`, 'tool');
  const write = { file_path: plan.absolutePath, content: plan.content };
  const writeId = deps.toolUseId();
  hooks.fire('PreToolUse', { tool_name: 'Write', tool_input: write, tool_use_id: writeId });
  await pause(speed.stepMs(), signal);

  if (deps.askFirst) {
    deps.activity(null);
    hooks.fire('PermissionRequest', { tool_name: 'Write', tool_input: write });
    hooks.fire('Notification', {
      notification_type: 'permission_prompt',
      message: 'Demo agent needs your permission to use Write',
    });
    const allowed = await deps.ask(`? Allow editing ${plan.file}? (y/n)`);
    if (signal.aborted) throw new Interrupted();
    if (!allowed) {
      return { kind: 'denied', summary: 'denied, nothing changed' };
    }
    deps.log('✔ allowed', 'success');
    deps.activity('editing…');
    await pause(speed.stepMs(), signal);
  }
  if (signal.aborted) throw new Interrupted();

  // From here on the turn completes: the file and its commit go together.
  await writeEdit(plan);
  deps.log(`  ⎿ ${plan.creates ? 'created' : 'appended to'} ${plan.file}`, 'dim');
  hooks.fire('PostToolUse', {
    tool_name: 'Write',
    tool_input: write,
    tool_use_id: writeId,
    tool_response: { type: plan.creates ? 'create' : 'update', filePath: plan.absolutePath },
  });

  const command = commitCommand(plan);
  const commitInput = { command, description: 'Commit the edit' };
  const commitId = deps.toolUseId();
  deps.activity('committing…');
  deps.log(`● ${command}`, 'tool');
  hooks.fire('PreToolUse', { tool_name: 'Bash', tool_input: commitInput, tool_use_id: commitId });
  const edit = await commitEdit(cwd, plan);
  hooks.fire('PostToolUse', {
    tool_name: 'Bash',
    tool_input: commitInput,
    tool_use_id: commitId,
    tool_response: {
      stdout: `[${edit.branch ?? 'HEAD'} ${edit.shortCommit}] ${plan.message}`,
      stderr: '',
      interrupted: false,
    },
  });
  deps.activity(null);
  deps.log(
    `✔ committed ${edit.shortCommit}${edit.branch ? ` on ${edit.branch}` : ''} (${edit.commit})`,
    'success',
  );
  const summary =
    `Done: ${edit.created ? 'created' : 'updated'} ${edit.file} and committed ` +
    `${edit.shortCommit} "${plan.message}"${edit.branch ? ` on ${edit.branch}` : ''}.`;
  return { kind: 'done', summary, edit };
}
