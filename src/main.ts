/**
 * The program's entry point. It loads only what a subcommand needs: `hook`
 * runs once per agent hook event (several a second across busy workers) and
 * `ctl` runs inside workers, so neither may pay for loading React, Ink, the
 * terminal emulator and node-pty, which the control room itself (cli.tsx) needs.
 */
import { parseCli, USAGE, type CliRequest } from './cli/parseArgs.js';
import { UserError } from './util/errors.js';
import { packageVersion } from './util/packageRoot.js';

export async function main(
  argv: readonly string[],
  options: { env?: NodeJS.ProcessEnv } = {},
): Promise<number> {
  const env = options.env ?? process.env;
  try {
    const quick = await runQuick(parseCli(argv), env);
    if (quick !== null) return quick;
  } catch (error) {
    if (error instanceof UserError) {
      process.stderr.write(`${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
  const controlRoom = await import('./cli.js');
  return controlRoom.main(argv, { env });
}

/** Runs the subcommands that need neither the UI nor the emulator; null for the others. */
async function runQuick(request: CliRequest, env: NodeJS.ProcessEnv): Promise<number | null> {
  const out = process.stdout;
  switch (request.kind) {
    case 'help':
      out.write(USAGE);
      return 0;
    case 'version':
      out.write(`multibot-tui ${packageVersion()}\n`);
      return 0;
    case 'hook': {
      const { runHook } = await import('./control/hookClient.js');
      return runHook(request.args[0] ?? '', { env, stdin: process.stdin });
    }
    case 'ctl': {
      const { runCtl } = await import('./control/ctlClient.js');
      return runCtl(request.args, { env, stdout: out, stderr: process.stderr });
    }
    case 'sessions':
    case 'clean':
    case 'config':
    case 'replay':
    case 'export':
    case 'run':
    case 'resume':
      return null;
  }
}
