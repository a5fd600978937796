import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Several suites start real processes (the CLI, loopback servers, Prism, Chromium): give them room.
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
