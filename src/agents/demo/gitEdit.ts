/**
 * The demo agent's one real action: a file derived from the prompt, written in
 * its working directory (a git worktree) and committed on the current branch.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** Commits work on machines without a git identity. */
const IDENTITY = ['-c', 'user.name=demo-agent', '-c', 'user.email=demo@multibot.invalid'];

export function firstLine(prompt: string): string {
  return (
    prompt
      .split('\n')
      .map((line) => line.trim())
      .find((line) => line.length > 0) ?? ''
  );
}

/** `Fix the Login page!` → `fix-the-login-page`; at most 48 characters. */
export function slugify(text: string): string {
  const slug = text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 48)
    .replace(/^-+|-+$/g, '');
  return slug || 'prompt';
}

export function commitMessage(prompt: string): string {
  const line = firstLine(prompt);
  if (!line) return 'demo edit';
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

export interface EditPlan {
  /** Relative to the working directory, with forward slashes: `demo/<slug>.md`. */
  file: string;
  absolutePath: string;
  /** True when the file does not exist yet. */
  creates: boolean;
  /** What gets written (a new file) or appended (an existing one). */
  content: string;
  message: string;
}

export function planEdit(cwd: string, prompt: string, now = new Date()): EditPlan {
  const file = `demo/${slugify(firstLine(prompt))}.md`;
  const absolutePath = join(cwd, file);
  const creates = !existsSync(absolutePath);
  const message = commitMessage(prompt);
  const entry = `## ${now.toISOString()}\n\n${prompt.trim()}\n`;
  const content = creates
    ? `# ${message}\n\nWritten by the multibot demo agent.\n\n${entry}`
    : `\n${entry}`;
  return { file, absolutePath, creates, content, message };
}

export interface EditResult {
  file: string;
  created: boolean;
  /** The full commit hash. */
  commit: string;
  shortCommit: string;
  /** The branch committed on, or null on a detached HEAD. */
  branch: string | null;
}

async function git(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await execFileAsync('git', [...IDENTITY, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 15_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout.trim();
}

/** The git commands `applyEdit` runs, as one line for logs and hook payloads. */
export function commitCommand(plan: EditPlan): string {
  return `git add -- ${plan.file} && git commit -m ${JSON.stringify(plan.message)} -- ${plan.file}`;
}

/** Writes (creates or appends to) the planned file. */
export async function writeEdit(plan: EditPlan): Promise<void> {
  await mkdir(dirname(plan.absolutePath), { recursive: true });
  if (plan.creates) await writeFile(plan.absolutePath, plan.content, 'utf8');
  else await appendFile(plan.absolutePath, plan.content, 'utf8');
}

/** Commits the planned file, and only it, on the current branch. */
export async function commitEdit(cwd: string, plan: EditPlan): Promise<EditResult> {
  await git(cwd, ['add', '--', plan.file]);
  // `-- <file>` commits this file only, whatever else happens to be staged.
  await git(cwd, ['commit', '-q', '--no-verify', '-m', plan.message, '--', plan.file]);
  const commit = await git(cwd, ['rev-parse', 'HEAD']);
  let branch: string | null = null;
  try {
    branch = await git(cwd, ['symbolic-ref', '--short', '-q', 'HEAD']);
  } catch {
    branch = null;
  }
  return {
    file: plan.file,
    created: plan.creates,
    commit,
    shortCommit: commit.slice(0, 7),
    branch: branch || null,
  };
}

/** Writes the plan and commits it. */
export async function applyEdit(cwd: string, plan: EditPlan): Promise<EditResult> {
  await writeEdit(plan);
  return commitEdit(cwd, plan);
}

/** The files git tracks in `cwd` (empty when it is not a repository). */
export async function trackedFiles(cwd: string): Promise<string[]> {
  try {
    const out = await git(cwd, ['ls-files']);
    return out ? out.split('\n') : [];
  } catch {
    return [];
  }
}
