import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ControlServer } from '../../../src/control/controlServer.js';
import { ctlHelp, runCtl } from '../../../src/control/ctlClient.js';
import { type CtlVerb, ctlVerbs, findCtlVerb } from '../../../src/control/ctlVerbs.js';
import { writeSessionEndpoint } from '../../../src/control/sessionEndpoint.js';
import { Sink, TOKEN, shortTempDir, startTestServer } from './support.js';

/** The request body a command line turns into, without any socket. */
function build(argv: string[], verbs: readonly CtlVerb[] = ctlVerbs): unknown {
  const found = findCtlVerb(verbs, argv);
  if (!found) throw new Error(`no verb for ${argv.join(' ')}`);
  return found.verb.build(found.args, { env: {} });
}

describe('ctl grammar', () => {
  it('turns verbs into queries and commands', () => {
    expect(build(['workers'])).toEqual({ kind: 'query', what: 'workers' });
    expect(build(['state'])).toEqual({ kind: 'query', what: 'state' });
    expect(build(['pause', 'w2'])).toEqual({
      kind: 'command',
      command: { type: 'worker.pause', id: 'w2' },
    });
    expect(build(['kill', 'w2'])).toEqual({
      kind: 'command',
      command: { type: 'worker.kill', id: 'w2' },
    });
    expect(build(['kill', '--yes', 'w2'])).toMatchObject({ command: { confirmed: true } });
    expect(build(['focus', 'master'])).toMatchObject({
      command: { type: 'focus.set', target: 'master' },
    });
    expect(build(['input', 'w1', 'hello', 'world', '--enter'])).toMatchObject({
      command: { type: 'worker.input', id: 'w1', data: 'hello world\r' },
    });
    expect(build(['input', 'w1', '--', '--not-a-flag'])).toMatchObject({
      command: { data: '--not-a-flag' },
    });
    expect(build(['json', '{"type":"layout.set","mode":"rows"}'])).toEqual({
      kind: 'command',
      command: { type: 'layout.set', mode: 'rows' },
    });
  });

  it('rejects bad arguments as usage errors', () => {
    expect(() => build(['pause'])).toThrow(/WORKER/);
    expect(() => build(['pause', 'a', 'b'])).toThrow(/WORKER/);
    expect(() => build(['workers', 'extra'])).toThrow(/no arguments/);
    expect(() => build(['kill', 'w1', '--force'])).toThrow(/force/);
    expect(() => build(['input', 'w1'])).toThrow(/TEXT/);
    expect(() => build(['json', '{nope'])).toThrow(/not valid JSON/);
    expect(() => build(['json', '[1]'])).toThrow(/"type"/);
  });

  it('is a table: a multi-word verb added later wins over a shorter one', () => {
    const taskAdd: CtlVerb = {
      words: ['task', 'add'],
      args: 'TITLE',
      summary: 'add a task',
      build: ([title]) => ({ kind: 'command', command: { type: 'task.add', title } }),
    };
    const taskList: CtlVerb = {
      ...taskAdd,
      words: ['task'],
      build: () => ({ kind: 'query', what: 'tasks' }),
    };
    const verbs = [...ctlVerbs, taskList, taskAdd];
    expect(build(['task', 'add', 'Fix it'], verbs)).toMatchObject({ command: { title: 'Fix it' } });
    expect(build(['task'], verbs)).toEqual({ kind: 'query', what: 'tasks' });
    expect(ctlHelp(verbs)).toContain('task add TITLE');
  });
});

describe('runCtl', () => {
  let temp: ReturnType<typeof shortTempDir>;
  let socketPath: string;
  let server: ControlServer;
  let calls: unknown[];
  let stdout: Sink;
  let stderr: Sink;

  beforeEach(async () => {
    temp = shortTempDir();
    socketPath = join(temp.dir, 'c.sock');
    ({ server, calls } = await startTestServer(socketPath));
    stdout = new Sink();
    stderr = new Sink();
  });
  afterEach(async () => {
    await server.close();
    temp.cleanup();
  });

  const env = () => ({ MULTIBOT_SOCKET: socketPath, MULTIBOT_TOKEN: TOKEN });
  const ctl = (argv: string[], environment: Record<string, string> = env()) =>
    runCtl(argv, { env: environment, stdout, stderr });

  it('prints a query result as pretty JSON', async () => {
    expect(await ctl(['workers'])).toBe(0);
    expect(stdout.text).toBe('[\n  {\n    "id": "w1"\n  }\n]\n');
    expect(stderr.text).toBe('');
  });

  it('runs a command', async () => {
    expect(await ctl(['pause', 'w1'])).toBe(0);
    expect(calls).toEqual([{ type: 'worker.pause', id: 'w1' }]);
    expect(JSON.parse(stdout.text)).toEqual({ ok: true });
  });

  it('exits 1 with the reason when the control room refuses the command', async () => {
    expect(await ctl(['kill', 'ghost', '--yes'])).toBe(1);
    expect(JSON.parse(stdout.text)).toEqual({ ok: false, error: 'no such worker' });
    expect(stderr.text).toContain('no such worker');
  });

  it('exits 1 with the error of a failed request', async () => {
    expect(await ctl(['json', '{"type":"world.end"}'])).toBe(1);
    expect(stdout.text).toBe('');
    expect(stderr.text).toMatch(/unknown_command: unknown command type "world.end"/);
  });

  it('exits 1 on a wrong token', async () => {
    expect(await ctl(['workers'], { ...env(), MULTIBOT_TOKEN: 'wrong' })).toBe(1);
    expect(stderr.text).toMatch(/unauthorized/);
  });

  it('finds the control room through --session-dir', async () => {
    await writeSessionEndpoint(temp.dir, { socket: socketPath, token: TOKEN });
    expect(await ctl(['--session-dir', temp.dir, 'workers'], {})).toBe(0);
    expect(await ctl(['workers', `--session-dir=${temp.dir}`], {})).toBe(0);
  });

  it('says clearly when no control room runs', async () => {
    expect(await ctl(['workers'], {})).toBe(1);
    expect(stderr.text).toMatch(/no control room found.*MULTIBOT_SOCKET.*--session-dir/);
    stderr.text = '';
    await server.close();
    expect(await ctl(['workers'])).toBe(1);
    expect(stderr.text).toMatch(/no control room is listening/);
    stderr.text = '';
    expect(await ctl(['--session-dir', join(temp.dir, 'gone'), 'workers'], {})).toBe(1);
    expect(stderr.text).toMatch(/no control room is running/);
  });

  it('exits 2 with the help on usage errors, 0 on --help', async () => {
    expect(await ctl([])).toBe(2);
    expect(stderr.text).toContain('Usage: multibot-tui ctl');
    expect(await ctl(['frobnicate'])).toBe(2);
    expect(stderr.text).toContain('unknown ctl command: frobnicate');
    expect(await ctl(['pause'])).toBe(2);
    expect(await ctl(['--timeout', 'soon', 'workers'])).toBe(2);
    expect(await ctl(['--session-dir'])).toBe(2);
    expect(calls).toEqual([]);
    expect(await ctl(['--help'])).toBe(0);
    expect(stdout.text).toContain('pause WORKER');
  });
});
