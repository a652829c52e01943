import { defineConfig } from "vitest/config";

// Unit and integration tests. Browser tests (tests/browser) need a built site and Chromium and run
// through `npm run test:browser` (their own config).
export default defineConfig({
  test: {
    include: ["pipeline/**/*.test.ts", "tests/**/*.test.ts", "bench/**/*.test.ts"],
    exclude: ["tests/browser/**", "node_modules/**"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
