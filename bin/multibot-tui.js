#!/usr/bin/env node
// Ink renders only a final frame when it believes it runs under CI (the CI
// variable). The control room always owns a real terminal, so those variables
// are dropped before Ink is loaded; workers never needed them.
delete process.env.CI;
delete process.env.CONTINUOUS_INTEGRATION;
const { main } = await import('../dist/src/cli.js');
process.exitCode = await main(process.argv.slice(2));
