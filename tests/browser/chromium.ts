// Debian's Chromium driven by playwright-core (never a downloaded browser), with the flags that keep
// it off the network on these machines. Shared by the browser tests and the site benchmark.
import { chromium } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** A headless persistent context in a fresh profile folder. */
export function launchChromium(profileDir: string, viewport?: { width: number; height: number }) {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    ...(viewport ? { viewport } : {}),
  });
}
