/**
 * What `multibot-tui --demo` starts with: a scratch repository under the home,
 * three demo-agent profiles and workers (coder, tester, reviewer) and a small
 * task graph that runs through the whole loop — dispatch, dependencies, a y/n
 * permission question, review. Plain data and one git helper; the CLI wires it.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, realpath, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { Profile } from '../../config/schema.js';
import { UserError } from '../../util/errors.js';

const execFileAsync = promisify(execFile);

/**
 * Commits work without the user's git identity, and their global settings
 * (signing, hook paths) cannot make the demo fail or prompt.
 */
const GIT_SETTINGS = [
  '-c',
  'user.name=multibot-demo',
  '-c',
  'user.email=demo@multibot.invalid',
  '-c',
  'commit.gpgsign=false',
  '-c',
  'core.hooksPath=/dev/null',
];

async function git(cwd: string, ...args: string[]): Promise<string> {
  // GIT_DIR and friends (set when run from inside a git hook) would point git elsewhere.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('GIT_')),
  );
  const { stdout } = await execFileAsync('git', [...GIT_SETTINGS, ...args], { cwd, env });
  return stdout.trim();
}

/** The scratch project's files: small, and formatted like this repository's own code. */
const PROJECT_FILES: Record<string, string> = {
  'README.md': `# calc — the multibot-tui demo project

A scratch repository made by \`multibot-tui --demo\`. The demo workers edit and
commit here, each on its own branch in its own git worktree. Remove this folder
to start the demo over from scratch.

\`src/calc.js\` holds a tiny calculator.
`,
  'src/calc.js': `// A tiny calculator, for the demo workers to extend.

// TODO: add subtract, multiply and divide.
export function add(a, b) {
  return a + b;
}
`,
};

/**
 * Under the home's `worktrees/`, which every tool already ignores: in a
 * checkout the home is the package itself, and the scratch repository must not
 * show up in its git status, lint or format runs.
 */
export function demoRepoPath(home: string): string {
  return join(home, 'worktrees', 'demo', 'project');
}

/** The folder is a repository of its own (not one inside another) with a commit. */
async function isDemoRepo(dir: string): Promise<boolean> {
  if (!existsSync(join(dir, '.git'))) return false;
  try {
    const top = await git(dir, 'rev-parse', '--show-toplevel');
    await git(dir, 'rev-parse', '--verify', '--quiet', 'HEAD');
    return (await realpath(top)) === (await realpath(dir));
  } catch {
    return false;
  }
}

/**
 * The demo's repository, `<home>/demo/project`: created on first use (a README,
 * `src/calc.js`, one commit on `main`) and reused as it is afterwards, with
 * whatever the demo workers committed. It is built in a temporary folder and
 * renamed into place, so a crash never leaves a half-made repository behind
 * and two control rooms starting at once end up sharing one.
 */
export async function prepareDemoRepo(options: {
  home: string;
}): Promise<{ repoRoot: string; created: boolean }> {
  const repoRoot = demoRepoPath(options.home);
  if (await isDemoRepo(repoRoot)) return { repoRoot, created: false };
  if (existsSync(repoRoot)) {
    throw new UserError(
      `${repoRoot} exists but is not the demo's git repository (no .git or no commit). ` +
        'Move it away or remove it, and --demo makes a fresh one.',
    );
  }
  const parent = dirname(repoRoot);
  await mkdir(parent, { recursive: true });
  const building = await mkdtemp(join(parent, '.project-'));
  try {
    for (const [file, content] of Object.entries(PROJECT_FILES)) {
      await mkdir(dirname(join(building, file)), { recursive: true });
      await writeFile(join(building, file), content, 'utf8');
    }
    await git(building, 'init', '--quiet', '--initial-branch=main');
    await git(building, 'add', '--all');
    await git(building, 'commit', '--quiet', '--message', 'Demo project: a tiny calculator');
    try {
      await rename(building, repoRoot);
    } catch (error) {
      // Another control room finished first: use its repository.
      if (await isDemoRepo(repoRoot)) return { repoRoot, created: false };
      throw error;
    }
    return { repoRoot, created: true };
  } finally {
    await rm(building, { recursive: true, force: true });
  }
}

export const DEMO_ROLES = ['coder', 'tester', 'reviewer'] as const;
export type DemoRole = (typeof DEMO_ROLES)[number];

/** The built demo agent, relative to the package root. */
export function demoAgentScript(packageRoot: string): string {
  return join(packageRoot, 'dist', 'src', 'agents', 'demo', 'run.js');
}

/**
 * Config `profiles` entries `demo-coder`, `demo-tester`, `demo-reviewer`: node
 * running the built demo agent with its role, reporting through `hookCommand`
 * (the demo agent appends the event name, as Claude Code does). Without
 * `speed`, DEMO_AGENT_SPEED is left to the control room's own environment.
 */
export function demoProfiles(options: {
  nodePath: string;
  packageRoot: string;
  hookCommand: string;
  speed?: 'fast' | 'normal';
}): Record<`demo-${DemoRole}`, Profile> {
  const script = demoAgentScript(options.packageRoot);
  const env: Record<string, string> = { MULTIBOT_HOOK_COMMAND: options.hookCommand };
  if (options.speed) env.DEMO_AGENT_SPEED = options.speed;
  const profile = (role: DemoRole): Profile => {
    const args = [script, '--role', role];
    return {
      description: `demo agent (${role})`,
      command: options.nodePath,
      args,
      // The demo agent takes Claude Code's flag: same session id, SessionStart says "resume".
      resumeArgs: [...args, '--resume', '{agentSessionId}'],
      env: { ...env },
      promptDelivery: 'paste',
      allowTools: [],
      trustOwnWorktrees: true,
    };
  };
  return {
    'demo-coder': profile('coder'),
    'demo-tester': profile('tester'),
    'demo-reviewer': profile('reviewer'),
  };
}

export interface DemoWorker {
  name: DemoRole;
  profile: `demo-${DemoRole}`;
  role: DemoRole;
}

export function demoWorkers(): DemoWorker[] {
  return DEMO_ROLES.map((role) => ({ name: role, profile: `demo-${role}`, role }));
}

export interface DemoTask {
  title: string;
  brief: string;
  role: DemoRole;
  /** Ids of earlier tasks, T1… in the order of this list (a fresh session numbers from T1). */
  after: string[];
}

/**
 * Six tasks, T1–T6, as a small DAG: the coder starts; the tester follows the
 * coder; the review waits for code and tests; the documentation waits for the
 * clean-up; a last check needs everything. Only T3 holds a word the demo agent
 * asks permission for ("permission", "deploy", "delete"), so exactly one y/n
 * question comes up for the human to answer from the master pane.
 */
export function demoTasks(): DemoTask[] {
  return [
    {
      title: 'Add a subtract function to src/calc.js',
      brief:
        'Add subtract(a, b) next to add in src/calc.js and export it. ' +
        'Expected: the function, committed. Touch only src/calc.js.',
      role: 'coder',
      after: [],
    },
    {
      title: 'Write tests for add and subtract',
      brief:
        'Cover add and subtract with a few cases each, negative numbers included. ' +
        'Expected: a test file, committed. Leave src/calc.js as it is.',
      role: 'tester',
      after: ['T1'],
    },
    {
      title: 'Ask for permission, then delete the TODO comment in src/calc.js',
      brief:
        'The TODO in src/calc.js is out of date. Ask before you edit, then take it out. ' +
        'Expected: src/calc.js without the TODO, committed.',
      role: 'coder',
      after: [],
    },
    {
      title: 'Review the calc changes',
      brief:
        'Read the new subtract function and its tests. Expected: a short review with ' +
        'anything that should change. Report findings; make no code changes.',
      role: 'reviewer',
      after: ['T1', 'T2'],
    },
    {
      title: 'Document calc.js in the README',
      brief:
        'Describe add and subtract in README.md with one example each. ' +
        'Expected: the README section, committed. Touch only README.md.',
      role: 'coder',
      after: ['T3'],
    },
    {
      title: 'Check the README examples against src/calc.js',
      brief:
        'Run each README example by hand and compare with the code. ' +
        'Expected: a note saying which examples hold. Change no files but the note.',
      role: 'tester',
      after: ['T4', 'T5'],
    },
  ];
}
