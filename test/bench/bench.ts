/** The benchmark proper; loaded by run.ts once the environment is set like bin/ sets it. */
import { benchSeek, formatSeekBench } from './seek.js';
import { benchChrome, formatChromeBench } from './chrome.js';
import { benchMemory, formatMemoryBench } from './memory.js';
import { benchStartup, formatStartupBench } from './startup.js';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { onCleanup, runCleanups } from './cleanup.js';
import {
  SCREEN,
  generateFloodFile,
  runOursEcho,
  runOursFlood,
  type EchoResult,
  type OursFloodResult,
} from './flood.js';
import { fmt, fmtBytes, fmtRatio, formatTable, median, percentile, sum } from './stats.js';
import { runTmuxEcho, runTmuxFlood, tmuxVersion, type TmuxFloodResult } from './tmuxPeer.js';

interface Options {
  rounds: number;
  panes: number;
  fileMb: number;
  keystrokes: number;
  toggles: number;
  tmux: boolean;
  echo: boolean;
  /** Size of the recording for the T5 seek figures; 0 skips them. */
  seekMb: number;
  /** T3's chrome frame on its own, and renders during a steady flood, `rounds` times. */
  chrome: boolean;
  /** T4, 32 panes in a child process, `rounds` times. */
  memory: boolean;
  /** T6, `launches` launches of each. */
  start: boolean;
  launches: number;
}

const USAGE = `usage: npm run bench -- [--rounds N] [--panes N] [--file-mb N] [--keystrokes N]
                        [--quick] [--no-tmux] [--no-echo] [--seek-mb N (0: skip)]
                        [--no-memory] [--no-start] [--launches N] [--no-chrome]
`;

function parseOptions(argv: readonly string[]): Options {
  const options: Options = {
    rounds: 3,
    panes: 8,
    fileMb: 8,
    keystrokes: 50,
    toggles: 100,
    tmux: true,
    echo: true,
    seekMb: 100,
    chrome: true,
    memory: true,
    start: true,
    launches: 7,
  };
  const quick = argv.includes('--quick');
  if (quick) {
    Object.assign(options, {
      rounds: 1,
      fileMb: 1,
      keystrokes: 20,
      toggles: 30,
      seekMb: 10,
      launches: 3,
    });
  }
  const number = (name: string, value: string | undefined, min: number): number => {
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || parsed < min) {
      throw new Error(`${name} needs a number ≥ ${min}\n${USAGE}`);
    }
    return parsed;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const next = () => argv[++i];
    if (arg === '--quick') continue;
    else if (arg === '--rounds') options.rounds = Math.floor(number(arg, next(), 1));
    else if (arg === '--panes') options.panes = Math.floor(number(arg, next(), 1));
    else if (arg === '--file-mb') options.fileMb = number(arg, next(), 0.01);
    else if (arg === '--keystrokes') options.keystrokes = Math.floor(number(arg, next(), 1));
    else if (arg === '--no-tmux') options.tmux = false;
    else if (arg === '--no-echo') options.echo = false;
    else if (arg === '--seek-mb') options.seekMb = number(arg, next(), 0);
    else if (arg === '--no-chrome') options.chrome = false;
    else if (arg === '--no-memory') options.memory = false;
    else if (arg === '--no-start') options.start = false;
    else if (arg === '--launches') options.launches = Math.floor(number(arg, next(), 1));
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write(USAGE);
      process.exit(0);
    } else throw new Error(`unknown option ${arg}\n${USAGE}`);
  }
  return options;
}

const out = (text: string) => process.stdout.write(text);

interface Round {
  ours: OursFloodResult;
  tmux: TmuxFloodResult | null;
  oursEcho: EchoResult | null;
  tmuxEcho: EchoResult | null;
}

const loadAverage = () =>
  os
    .loadavg()
    .map((load) => load.toFixed(2))
    .join(' ');

const mbps = (bytes: number, ms: number) => bytes / 1e6 / (ms / 1000);

async function main(argv: readonly string[]): Promise<void> {
  const options = parseOptions(argv);
  const tmux = options.tmux ? tmuxVersion() : null;
  const cpus = os.cpus();
  out(
    `multibot-tui bench — ${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown cpu'}), ` +
      `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.platform()} ${os.release()}\n` +
      `node ${process.version}, NODE_ENV=${process.env.NODE_ENV ?? '(unset: React development build)'}, ` +
      `${options.tmux ? (tmux ?? 'tmux: not installed') : 'tmux: skipped (--no-tmux)'}\n` +
      `load average ${loadAverage()} (other work on the machine skews every figure)\n`,
  );
  if (options.tmux && tmux === null) {
    out('tmux is not installed: the peer figures are skipped (apt-get install tmux).\n');
  }

  const dir = mkdtempSync(join(os.tmpdir(), 'mb-bench-'));
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  const unregister = onCleanup(removeDir);
  try {
    const file = generateFloodFile(dir, Math.round(options.fileMb * 1e6));
    out(
      `flood file: ${fmtBytes(file.bytes)}, ${file.lines} lines (SGR 16/256/truecolor, CJK); ` +
        `${options.panes} panes × cat at once on a ${SCREEN.cols}×${SCREEN.rows} screen; ` +
        `${options.rounds} round${options.rounds === 1 ? '' : 's'}\n\n`,
    );
    // One untimed run first, so that the first round does not pay for loading and JIT
    // warm-up (tmux, native code, has none).
    const warmup = generateFloodFile(dir, 500_000);
    await runOursFlood({
      file: warmup,
      panes: options.panes,
      cwd: dir,
      toggles: 10,
      timeoutMs: 60_000,
    });
    const rounds: Round[] = [];
    for (let r = 1; r <= options.rounds; r++) {
      const ours = await runOursFlood({
        file,
        panes: options.panes,
        cwd: dir,
        toggles: options.toggles,
        timeoutMs: 120_000,
      });
      const diffs = ours.charDiffs
        .map((diff, i) => (diff === 0 ? '' : `w${i + 1} ${diff > 0 ? '+' : ''}${diff}`))
        .filter(Boolean);
      out(
        `round ${r}: ours  flood ${fmt(ours.wallMs / 1000, 2)} s, ` +
          `${fmt(mbps(ours.totalBytes, ours.wallMs))} MB/s, cpu ${fmt(ours.cpuMs / 1000, 2)} s, ` +
          `${ours.frames.length} frames, ` +
          (diffs.length
            ? `CHARACTER COUNT MISMATCH (parsed − expected): ${diffs.join(', ')}\n`
            : `all ${fmtBytes(ours.totalBytes)} parsed, character counts exact\n`),
      );
      let tmuxFlood: TmuxFloodResult | null = null;
      if (tmux) {
        tmuxFlood = await runTmuxFlood({ file, panes: options.panes, timeoutMs: 120_000 });
        out(
          `round ${r}: tmux  flood ${fmt(tmuxFlood.wallMs / 1000, 2)} s, ` +
            `${fmt(mbps(tmuxFlood.totalBytes, tmuxFlood.wallMs))} MB/s, ` +
            `cpu ${fmt(tmuxFlood.cpuMs / 1000, 2)} s, panes ${tmuxFlood.paneSizes}\n`,
        );
      }
      let oursEcho: EchoResult | null = null;
      let tmuxEcho: EchoResult | null = null;
      if (options.echo) {
        const echoOptions = {
          file,
          panes: options.panes,
          keystrokes: options.keystrokes,
          warmupMs: 700,
        };
        oursEcho = await runOursEcho({ ...echoOptions, cwd: dir });
        out(
          `round ${r}: ours  echo p50 ${fmt(median(oursEcho.latenciesMs))} ms, ` +
            `p95 ${fmt(percentile(oursEcho.latenciesMs, 95))} ms, misses ${oursEcho.misses}\n`,
        );
        if (tmux) {
          tmuxEcho = await runTmuxEcho(echoOptions);
          out(
            `round ${r}: tmux  echo p50 ${fmt(median(tmuxEcho.latenciesMs))} ms, ` +
              `p95 ${fmt(percentile(tmuxEcho.latenciesMs, 95))} ms, misses ${tmuxEcho.misses}\n`,
          );
        }
      }
      rounds.push({ ours, tmux: tmuxFlood, oursEcho, tmuxEcho });
    }
    out(`load average at the end ${loadAverage()}\n`);
    out('\n' + report(rounds, options));
    const last = rounds.at(-1);
    out(
      `\npane interiors: ours ${last?.ours.paneSizes ?? '—'}` +
        (last?.tmux ? `; tmux ${last.tmux.paneSizes}` : '') +
        `\nMB = 10^6 bytes of the file; ratios are ours/tmux (lower is better for times).\n`,
    );
  } finally {
    unregister();
    removeDir();
  }
}

/** Median over rounds of a per-round figure; null when no round has it. */
function across<T>(
  rounds: readonly Round[],
  pick: (round: Round) => T | null,
  f: (v: T) => number,
) {
  const values = rounds.flatMap((round) => {
    const value = pick(round);
    return value === null ? [] : [f(value)];
  });
  return values.length ? median(values) : null;
}

function report(rounds: readonly Round[], options: Options): string {
  const ours = (f: (r: OursFloodResult) => number) => across(rounds, (r) => r.ours, f);
  const peer = (f: (r: TmuxFloodResult) => number) => across(rounds, (r) => r.tmux, f);
  const oursEcho = (f: (r: EchoResult) => number) => across(rounds, (r) => r.oursEcho, f);
  const peerEcho = (f: (r: EchoResult) => number) => across(rounds, (r) => r.tmuxEcho, f);
  const verdict = (ok: boolean | null) => (ok === null ? '' : ok ? ' ✔' : ' ✘');

  const throughput = ours((r) => mbps(r.totalBytes, r.wallMs));
  const peerThroughput = peer((r) => mbps(r.totalBytes, r.wallMs));
  const throughputRatio =
    throughput !== null && peerThroughput !== null ? throughput / peerThroughput : null;
  const lost = sum(rounds.map((r) => sum(r.ours.charDiffs.map(Math.abs))));
  const badPanes = sum(rounds.map((r) => r.ours.charDiffs.filter((diff) => diff !== 0).length));
  const composeMedian = ours((r) => median(r.frames.map((f) => f.composeMs)));
  const composeP95 = ours((r) =>
    percentile(
      r.frames.map((f) => f.composeMs),
      95,
    ),
  );
  const chromeCycle = ours((r) => median(r.chromeCycleMs));
  const echoP95 = oursEcho((r) => percentile(r.latenciesMs, 95));

  const rows: string[][] = [
    ['figure (median of rounds)', 'ours', 'tmux', 'ours/tmux', 'target'],
    [
      `T1 flood: ${options.panes} panes × cat ${fmtBytes((rounds[0]?.ours.totalBytes ?? 0) / options.panes)}`,
    ],
    [
      '  wall time, s',
      fmt(
        ours((r) => r.wallMs / 1000),
        2,
      ),
      fmt(
        peer((r) => r.wallMs / 1000),
        2,
      ),
      fmtRatio(
        ours((r) => r.wallMs),
        peer((r) => r.wallMs),
      ),
      '',
    ],
    [
      '  throughput, MB/s',
      fmt(throughput),
      fmt(peerThroughput),
      fmtRatio(throughput, peerThroughput),
      `≥ 1.50×${verdict(throughputRatio === null ? null : throughputRatio >= 1.5)}`,
    ],
    [
      '  CPU time, s (ours: node; tmux: server+client)',
      fmt(
        ours((r) => r.cpuMs / 1000),
        2,
      ),
      fmt(
        peer((r) => r.cpuMs / 1000),
        2,
      ),
      fmtRatio(
        ours((r) => r.cpuMs),
        peer((r) => r.cpuMs),
      ),
      '',
    ],
    [
      '  written to the host terminal, MB',
      fmt(
        ours((r) => r.sinkBytes / 1e6),
        1,
      ),
      fmt(
        peer((r) => r.clientBytes / 1e6),
        1,
      ),
      fmtRatio(
        ours((r) => r.sinkBytes),
        peer((r) => r.clientBytes),
      ),
      '',
    ],
    [
      '  |parsed − expected| characters, all panes, all rounds',
      fmt(lost, 0),
      '—',
      '',
      `0${verdict(lost === 0)}`,
    ],
    [
      `  panes with a count mismatch, all rounds (of ${rounds.length * options.panes})`,
      fmt(badPanes, 0),
      '—',
      '',
      `0${verdict(badPanes === 0)}`,
    ],
    ['T3 frame (during the T1 flood)'],
    [
      '  frames written',
      fmt(
        ours((r) => r.frames.length),
        0,
      ),
      '—',
      '',
      '',
    ],
    [
      '  compositor per frame, median ms',
      fmt(composeMedian, 3),
      '—',
      '',
      `≤ 1 ms${verdict(composeMedian === null ? null : composeMedian <= 1)}`,
    ],
    [
      '  compositor per frame, p95 ms',
      fmt(composeP95, 3),
      '—',
      '',
      `≤ 1 ms${verdict(composeP95 === null ? null : composeP95 <= 1)}`,
    ],
    [
      '  compositor per frame, max ms',
      fmt(
        ours((r) => Math.max(...r.frames.map((f) => f.composeMs))),
        3,
      ),
      '—',
      '',
      '',
    ],
    [
      '  bytes per frame, median',
      fmt(
        ours((r) => median(r.frames.map((f) => f.bytes))),
        0,
      ),
      '—',
      '',
      '',
    ],
    [
      `  Ink chrome, focus change → frame, median ms (${options.toggles}×)`,
      fmt(chromeCycle, 2),
      '—',
      '',
      `≤ 5 ms${verdict(chromeCycle === null ? null : chromeCycle <= 5)}`,
    ],
    [
      '  Ink chrome, focus change → frame, p95 ms',
      fmt(
        ours((r) => percentile(r.chromeCycleMs, 95)),
        2,
      ),
      '—',
      '',
      '',
    ],
    [
      '  Ink renders during the flood (store changes), count',
      fmt(
        ours((r) => r.inkRenderMsDuringFlood.length),
        0,
      ),
      '—',
      '',
      '',
    ],
    [
      '  Ink renderTime during the flood, total ms',
      fmt(
        ours((r) => sum(r.inkRenderMsDuringFlood)),
        0,
      ),
      '—',
      '',
      '',
    ],
    [
      '  Ink renderTime (RenderMetrics, output only), median ms',
      fmt(
        ours((r) => median(r.chromeRenderMs)),
        2,
      ),
      '—',
      '',
      '',
    ],
  ];
  if (options.echo) {
    rows.push(
      [`T2 echo: keystroke → frame, 1 pane + ${options.panes} flooding`],
      [
        '  p50, ms',
        fmt(oursEcho((r) => median(r.latenciesMs))),
        fmt(peerEcho((r) => median(r.latenciesMs))),
        fmtRatio(
          oursEcho((r) => median(r.latenciesMs)),
          peerEcho((r) => median(r.latenciesMs)),
        ),
        '',
      ],
      [
        '  p95, ms',
        fmt(echoP95),
        fmt(peerEcho((r) => percentile(r.latenciesMs, 95))),
        fmtRatio(
          echoP95,
          peerEcho((r) => percentile(r.latenciesMs, 95)),
        ),
        `< 30 ms${verdict(echoP95 === null ? null : echoP95 < 30)}`,
      ],
      [
        '  keystrokes not seen within 2 s',
        fmt(
          oursEcho((r) => r.misses),
          0,
        ),
        fmt(
          peerEcho((r) => r.misses),
          0,
        ),
        '',
        '',
      ],
    );
  }
  return formatTable(rows.map((row) => (row.length === 1 ? [row[0] ?? '', '', '', '', ''] : row)));
}

export async function runBench(argv: readonly string[]): Promise<number> {
  try {
    await main(argv);
    const { seekMb, memory, start, rounds, launches, chrome, ...options } = parseOptions(argv);
    if (chrome) {
      out(
        '\nT3 chrome: store change → Ink frame at 200×50, 8 workers, busy board and log; ' +
          'the peer is an empty Ink frame of that size (target ≤ 5 ms)\n',
      );
      out(formatChromeBench(await benchChrome({ rounds, flood: true })));
    }
    if (seekMb > 0) {
      out(`\nT5 seek: replay seeks in a ${seekMb} MB recording (target ≤ 150 ms)\n`);
      out(`${formatSeekBench(await benchSeek({ sizeMb: seekMb }))}\n`);
    }
    const tmux = options.tmux && tmuxVersion() !== null;
    if (memory) {
      out(
        '\nT4 memory: 32 worker panes, 5,000 lines of scrollback each, full (target ≤ 25 MB RSS per pane)\n',
      );
      out(formatMemoryBench(await benchMemory({ rounds, tmux })));
    }
    if (start) {
      out("\nT6 start: launch → first frame, the workers' own start excluded (target ≤ 400 ms)\n");
      out(formatStartupBench(await benchStartup({ launches, tmux })));
    }
    return 0;
  } catch (error) {
    process.stderr.write(
      `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return 1;
  } finally {
    runCleanups();
  }
}
