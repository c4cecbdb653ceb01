import path from 'node:path';
import { defineConfig } from 'vitest/config';

// Runs the simulator's tests until the project's vitest config includes dev/**/*.test.ts:
// npx vitest run --config dev/simulator/vitest.config.ts
export default defineConfig({
  root: path.resolve(__dirname, '../..'),
  test: {
    include: ['dev/simulator/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
