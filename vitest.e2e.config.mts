import { defineConfig } from 'vitest/config';

// The browser tests (`npm run test:e2e`): headless Chromium against the demo, which takes the fixed
// ports 3000, 7007 and 55539, so the files run one at a time.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    // Starting the demo may install and build the frontend app first (npm ci, about two minutes).
    hookTimeout: 600_000,
  },
});
