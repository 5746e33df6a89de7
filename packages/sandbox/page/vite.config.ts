import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// `npm run dev` here proxies the sandbox's API to a Tandem started with `npm run dev` at the root.
const tandem = process.env.TANDEM_URL ?? "http://127.0.0.1:3000";

export default defineConfig({
  root: import.meta.dirname,
  base: "/sandbox/",
  plugins: [react()],
  build: { outDir: "../dist/page", emptyOutDir: true, sourcemap: true },
  server: { proxy: { "/sandbox/api": tandem, "/sandbox/media": tandem } },
});
