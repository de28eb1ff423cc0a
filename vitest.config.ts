import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    exclude: ['node_modules', 'dist', 'sessions', 'worktrees'],
    // Real ptys and real child processes: give slow shared machines room.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
  server: { watch: { ignored: ['**/sessions/**', '**/worktrees/**'] } },
});
