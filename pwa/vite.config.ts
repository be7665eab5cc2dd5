/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import { VitePWA } from "vite-plugin-pwa";

// Preact without Babel: esbuild compiles the JSX with Preact's automatic runtime.
export default defineConfig({
  esbuild: { jsx: "automatic", jsxImportSource: "preact" },
  resolve: { alias: { react: "preact/compat", "react-dom": "preact/compat" } },
  build: { target: "es2020", sourcemap: false, assetsInlineLimit: 0, reportCompressedSize: false },
  server: { proxy: { "/api": "http://127.0.0.1:8000" } },
  plugins: [
    VitePWA({
      strategies: "injectManifest",
      srcDir: "src",
      filename: "sw.ts",
      registerType: "prompt",
      injectRegister: false,
      manifest: false, // public/manifest.webmanifest is the manifest (committed, linked from index.html)
      injectManifest: {
        globPatterns: ["**/*.{js,css,html,svg,png,webmanifest}"],
        globIgnores: ["**/screenshots/**"],
      },
      devOptions: { enabled: false },
    }),
  ],
  test: {
    environment: "node",
    include: ["src/**/*.test.ts"],
    // Unit tests run on the clock of the people who use the app (WIB), whatever the machine's zone: a date
    // written through UTC instead of the local calendar fails here, not in a village at 06:00.
    env: { TZ: "Asia/Jakarta" },
  },
});
