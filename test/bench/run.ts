/**
 * `npm run bench`: the control room against tmux on the same job, several
 * rounds, medians. See /work/shared/design/PERFORMANCE.md (T1, T2, T3).
 *
 *   npm run bench                      3 rounds, 8 panes, 8 MB per pane
 *   npm run bench -- --quick           1 round, 1 MB per pane, fewer keystrokes
 *   npm run bench -- --rounds 5 --panes 4 --file-mb 16 --no-tmux --no-echo
 *   MULTIBOT_EMULATION=worker npm run bench    the panes' emulators in worker threads
 *
 * Like bin/multibot-tui.js, the CI variables are dropped before Ink is loaded
 * (Ink reads them at import), hence the dynamic import, and React runs its
 * production build. Colours are on, as in the terminal the control room runs
 * in (chalk decides at import; the bench's own stdout may be a pipe): the
 * chrome's SGR codes are part of what Ink tokenizes every frame.
 */
delete process.env.CI;
delete process.env.CONTINUOUS_INTEGRATION;
process.env.NODE_ENV ??= 'production';
process.env.FORCE_COLOR ??= '1';
const { runBench } = await import('./bench.js');
process.exit(await runBench(process.argv.slice(2)));
