// Preloaded into a benchmarked child (`node --import <this file> …`): at exit, writes the process's
// peak resident set size and CPU time to the file named by TUNIX_BENCH_RSS_FILE, so the parent can
// report them (CPU time stays meaningful when other work shares the machine; wall time does not).
import { writeFileSync } from "node:fs";

const out = process.env.TUNIX_BENCH_RSS_FILE;
if (out) {
  process.on("exit", () => {
    // maxRSS is in kilobytes, CPU times in microseconds.
    const u = process.resourceUsage();
    writeFileSync(out, JSON.stringify({ maxRssKb: u.maxRSS, cpuUs: u.userCPUTime + u.systemCPUTime }));
  });
}
