/**
 * Rewrites test/fixtures/agents/claude/ from the real `claude` binary, run
 * offline against the scripted model server:
 *   npx tsx test/unit/agents/claude/captureClaudeFixtures.ts
 * Screens (100×30) go to *.txt with their cursor rows in cursors.json, one
 * hook payload per event to hooks/*.json, and the first turn's transcript
 * lines to transcript.jsonl. Run it after upgrading @anthropic-ai/claude-code,
 * then check the detector test.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { transcriptPath } from '../../../../src/agents/claude/launch.js';
import { eventually, type ClaudePty, type Screen } from '../../../fixtures/claude/claudePty.js';
import { startClaudeSession, type ClaudeSession } from '../../../fixtures/claude/claudeSession.js';
import { findClaude, type ClaudeBinary } from '../../../fixtures/claude/findClaude.js';
import type { Script } from '../../../fixtures/claude/modelServer.js';
import { CLAUDE_FIXTURE_DIR, FIXTURE_SIZE } from './claudeScreens.js';

const SESSION_ID = '0f0e0d0c-0b0a-4909-8807-060504030201';
/** Fixed paths, so the screens and payloads do not change from one capture to the next. */
const BASE = '/tmp/multibot-claude-fixture';

const found = findClaude();
if (typeof found === 'string') throw new Error(found);
const binary: ClaudeBinary = found;

const cursors: Record<string, number> = {};
const hookSamples = new Map<string, Record<string, unknown>>();
mkdirSync(join(CLAUDE_FIXTURE_DIR, 'hooks'), { recursive: true });

function save(name: string, screen: Screen): void {
  writeFileSync(join(CLAUDE_FIXTURE_DIR, `${name}.txt`), `${screen.rows.join('\n')}\n`, 'utf8');
  cursors[name] = screen.cursorY;
  process.stdout.write(`captured ${name}\n`);
}

/** Keeps the first payload of each event (or event variant) the session has sent so far. */
function collectHooks(session: ClaudeSession): void {
  for (const { event, payload } of session.hooks.events()) {
    const variant =
      event === 'SessionStart' && payload.source !== 'startup'
        ? `${event}.${String(payload.source)}`
        : event === 'SessionEnd' && payload.reason !== 'prompt_input_exit'
          ? `${event}.${String(payload.reason)}`
          : event;
    if (!hookSamples.has(variant)) hookSamples.set(variant, payload);
  }
}

async function capture(claude: ClaudePty, name: string, until: string | RegExp): Promise<void> {
  save(name, await claude.waitFor(until));
}

function gate(): { promise: Promise<void>; open(): void } {
  let open = () => {};
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

async function mainSession(): Promise<void> {
  const thinking = gate();
  const file = join(BASE, 'project', 'hello.txt');
  const script: Script = {
    title: 'Fixture capture',
    turns: [
      {
        match: 'Please write hello.txt',
        steps: [
          {
            gate: thinking.promise,
            text: 'Writing it.',
            tools: [{ name: 'Write', input: { file_path: file, content: 'hello\n' } }],
            usage: { input_tokens: 1200, output_tokens: 40, cache_creation_input_tokens: 300 },
          },
          { text: 'Wrote hello.txt.', usage: { input_tokens: 1300, output_tokens: 8 } },
        ],
      },
      {
        match: 'Run the slow command',
        steps: [
          {
            tools: [
              {
                name: 'Bash',
                input: { command: 'sleep 4; echo slow > slow.txt', description: 'Run slowly' },
              },
            ],
          },
          { text: 'It ran.' },
        ],
      },
      {
        match: 'Remove the build directory',
        steps: [
          { tools: [{ name: 'Bash', input: { command: 'rm -rf build', description: 'Clean' } }] },
          { text: 'Removed.' },
        ],
      },
      {
        match: 'This request fails',
        steps: [{ error: { status: 400, type: 'invalid_request_error', message: 'scripted' } }],
      },
      {
        match: 'The API is overloaded',
        steps: [{ error: { status: 529, type: 'overloaded_error', message: 'Overloaded' } }],
      },
    ],
  };
  const session = await startClaudeSession({
    binary: binary.path,
    script,
    base: BASE,
    args: ['--session-id', SESSION_ID],
  });
  const { claude } = session;
  try {
    await capture(claude, 'idle', 'for shortcuts');

    claude.write('\x1b[200~Please write hello.txt\x1b[201~');
    // The box puts a no-break space after ❯.
    await capture(claude, 'typed', /❯\sPlease write hello\.txt/u);
    claude.write('\r');
    await capture(claude, 'working', 'to interrupt');
    thinking.open();
    await capture(claude, 'permission-write', 'Do you want to create hello.txt?');
    // The Notification hook follows the dialog after a few seconds.
    await eventually(
      () => session.hooks.events().some((hook) => hook.event === 'Notification'),
      'the Notification hook',
    ).catch(() => process.stdout.write('no Notification hook seen\n'));
    claude.write('1');
    await capture(claude, 'done', /Wrote hello\.txt\.[\s\S]*for shortcuts/u);
    if (!existsSync(file)) throw new Error('Write did not create hello.txt');

    await claude.sendPrompt('Run the slow command');
    await capture(claude, 'permission-bash', 'Do you want to proceed?');
    claude.write('1');
    await capture(claude, 'tool-running', /sleep 4[\s\S]*to interrupt/u);
    await claude.waitFor(/It ran\.[\s\S]*for shortcuts/u);

    await claude.sendPrompt('Remove the build directory');
    await claude.waitFor('Do you want to proceed?');
    claude.write('\x1b');
    await capture(claude, 'interrupted', /Interrupted[\s\S]*for shortcuts/u);

    await claude.sendPrompt('This request fails');
    await capture(claude, 'api-error', /API Error[\s\S]*for shortcuts/u);

    await claude.sendPrompt('The API is overloaded');
    await capture(claude, 'retrying', /Retrying in/u);
    claude.write('\x1b');
    // Interrupting puts the prompt back into the box; Ctrl+C empties it.
    await claude.waitFor((screen) => /^❯\sThe API is overloaded/mu.test(screen.rows.join('\n')));
    claude.write('\x03');
    await claude.waitFor(/for shortcuts/u);

    claude.write('/clear');
    await new Promise((resolve) => setTimeout(resolve, 500));
    claude.write('\r');
    await eventually(
      () => session.hooks.events().some((hook) => hook.payload.source === 'clear'),
      'SessionStart after /clear',
    );
    claude.write('\x03');
    await new Promise((resolve) => setTimeout(resolve, 300));
    claude.write('\x03');
    await claude.waitForExit();
    collectHooks(session);

    const transcript = transcriptPath(session.home.configDir, session.repo, SESSION_ID);
    const lines = readFileSync(transcript, 'utf8')
      .split('\n')
      .filter((line) => /"type":"(user|assistant)"/u.test(line))
      .slice(0, 6);
    writeFileSync(join(CLAUDE_FIXTURE_DIR, 'transcript.jsonl'), `${lines.join('\n')}\n`);

    const resumed = session.restart(['--resume', SESSION_ID]);
    await resumed.waitFor('for shortcuts');
    await eventually(
      () => session.hooks.events().some((hook) => hook.payload.source === 'resume'),
      'SessionStart on --resume',
    );
    collectHooks(session);
  } finally {
    await session.cleanup();
  }
}

async function startupScreens(): Promise<void> {
  const untrusted = await startClaudeSession({
    binary: binary.path,
    script: { turns: [] },
    base: BASE,
    trusted: false,
  });
  try {
    await capture(untrusted.claude, 'trust', 'Yes, I trust this folder');
  } finally {
    await untrusted.cleanup();
  }
  const unapproved = await startClaudeSession({
    binary: binary.path,
    script: { turns: [] },
    base: BASE,
    unapprovedKey: true,
  });
  try {
    await capture(unapproved.claude, 'api-key', 'Do you want to use this API key?');
  } finally {
    await unapproved.cleanup();
  }
}

process.stdout.write(`${binary.version} at ${FIXTURE_SIZE.cols}×${FIXTURE_SIZE.rows}\n`);
await mainSession();
await startupScreens();
writeFileSync(join(CLAUDE_FIXTURE_DIR, 'cursors.json'), `${JSON.stringify(cursors, null, 2)}\n`);
for (const [name, payload] of hookSamples) {
  writeFileSync(
    join(CLAUDE_FIXTURE_DIR, 'hooks', `${name}.json`),
    `${JSON.stringify(payload, null, 2)}\n`,
  );
}
writeFileSync(
  join(CLAUDE_FIXTURE_DIR, 'meta.json'),
  `${JSON.stringify({ version: binary.version, ...FIXTURE_SIZE }, null, 2)}\n`,
);
process.stdout.write(`hooks: ${[...hookSamples.keys()].join(', ')}\n`);
