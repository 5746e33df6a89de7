import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// `npm run dev` proxies the API and the realtime socket to a Tandem started with `npm run dev` at the root.
const tandem = process.env.TANDEM_URL ?? "http://127.0.0.1:3000";

export default defineConfig({
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true, sourcemap: true },
  server: {
    proxy: {
      "/api/realtime": { target: tandem.replace(/^http/, "ws"), ws: true },
      "/api": tandem,
    },
  },
});
