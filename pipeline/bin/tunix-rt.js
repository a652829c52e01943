#!/usr/bin/env node
// Entry of the `tunix-rt` command. The pipeline is TypeScript run by Node's own type stripping
// (Node >= 22.18); `npm install` brings a pinned Node 24 into node_modules/.bin.
const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  console.error(
    `tunix-rt needs Node >= 22.18 (found ${process.versions.node}); run it through npm/npx after \`npm install\`, which provides Node 24 in node_modules/.bin`,
  );
  process.exit(2);
}
await import("../src/cli/main.ts");
