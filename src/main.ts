/**
 * The program's entry point. It loads only what a subcommand needs: `hook`
 * runs once per agent hook event (several a second across busy workers) and
 * `ctl` runs inside workers, so neither may pay for loading React, Ink, the
 * terminal emulator and node-pty, which the control room itself (cli.tsx) needs.
 */
import { isQuickRequest, parseCli, USAGE, type QuickRequest } from './cli/parseArgs.js';
import { UserError } from './util/errors.js';
import { packageVersion } from './util/packageRoot.js';

export async function main(
  argv: readonly string[],
  options: { env?: NodeJS.ProcessEnv } = {},
): Promise<number> {
  const env = options.env ?? process.env;
  try {
    const request = parseCli(argv);
    if (isQuickRequest(request)) return await runQuick(request, env);
    const controlRoom = await import('./cli.js');
    return await controlRoom.runCommand(request, env);
  } catch (error) {
    if (error instanceof UserError) {
      process.stderr.write(`${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
}

/** The subcommands that need neither the UI nor the emulator. */
async function runQuick(request: QuickRequest, env: NodeJS.ProcessEnv): Promise<number> {
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
  }
}
