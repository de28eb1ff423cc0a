/**
 * `npm run build`, second step: bundles the compiled program (dist/src) into
 * dist/bundle, which bin/multibot-tui.js runs. Loading some 150 modules of
 * our own and a few hundred of our dependencies one file at a time cost the
 * control room ~0.6 s before its first frame; one bundle loads in a fraction
 * of that. Code split, so `hook` and `ctl` load none of the UI. The screen
 * worker is an entry of its own beside the rest (threaded emulation starts it
 * by its path next to the code that asks for it).
 */
import { build } from 'esbuild';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../util/packageRoot.js';

const root = packageRoot();
const outdir = join(root, 'dist', 'bundle');
// Chunk names carry hashes: start empty, or old chunks pile up.
rmSync(outdir, { recursive: true, force: true });

const result = await build({
  entryPoints: [
    join(root, 'dist', 'src', 'main.js'),
    join(root, 'dist', 'src', 'terminal', 'screenWorker.js'),
  ],
  outdir,
  entryNames: '[name]',
  // Chunks beside the entries, so paths relative to a module hold in any of them.
  chunkNames: '[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  // A native addon, and an optional development tool Ink never loads in production.
  external: ['node-pty', 'react-devtools-core'],
  // CommonJS dependencies call require() for Node's own modules; ESM has none.
  banner: {
    js: "import { createRequire as __multibotRequire } from 'node:module'; const require = __multibotRequire(import.meta.url);",
  },
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
  // Which sources went into which file: tests check what each command loads.
  metafile: true,
});
writeFileSync(join(outdir, 'meta.json'), JSON.stringify(result.metafile));
