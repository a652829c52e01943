import { defineConfig } from "vitest/config";

// Browser tests: build the site against a fixture repository, serve it on 127.0.0.1, drive Debian's
// Chromium through playwright-core. Run with `npm run test:browser`.
export default defineConfig({
  test: {
    include: ["tests/browser/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: "forks",
    fileParallelism: false,
  },
});
