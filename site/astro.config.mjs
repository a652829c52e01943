// Astro config of the Tunix RT site: static output, React islands for charts and the compare page.
// Base path from TUNIX_RT_BASE (GitHub Pages project sites: "/<repo>/"; SITE_BASE, the name the pages
// workflow passes, is read too), site origin from TUNIX_RT_SITE or SITE_URL; data root from
// TUNIX_RT_ROOT (default: the repository that holds this folder).
import react from "@astrojs/react";
import { defineConfig } from "astro/config";

const base = process.env.TUNIX_RT_BASE || process.env.SITE_BASE || "/";

export default defineConfig({
  base,
  site: process.env.TUNIX_RT_SITE || process.env.SITE_URL || undefined,
  output: "static",
  trailingSlash: "ignore",
  build: { format: "directory", inlineStylesheets: "always" },
  integrations: [react()],
  devToolbar: { enabled: false },
  vite: {
    server: { fs: { allow: [".."] } },
    build: { chunkSizeWarningLimit: 800 },
  },
});
