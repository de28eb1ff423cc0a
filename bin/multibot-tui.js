#!/usr/bin/env node
// Workers get the environment the control room was started with, untouched by
// the two adjustments below, which are for the control room's own libraries.
const inherited = { ...process.env };
// Ink renders only a final frame when it believes it runs under CI (the CI
// variable). The control room always owns a real terminal.
delete process.env.CI;
delete process.env.CONTINUOUS_INTEGRATION;
// React's development build checks every render and costs the chrome about a
// third more time per frame.
process.env.NODE_ENV ??= 'production';
const { main } = await import('../dist/bundle/main.js');
process.exitCode = await main(process.argv.slice(2), { env: inherited });
