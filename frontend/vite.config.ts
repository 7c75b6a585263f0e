/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The Kurs web app. `npm run build` writes dist/, which the `kurs` binary embeds.
export default defineConfig({
  plugins: [react()],
  build: {
    // Hashed file names under /assets: the server caches them for a year.
    assetsDir: 'assets',
    // No inline scripts or data-URL scripts anywhere (the CSP forbids them).
    assetsInlineLimit: 0,
    sourcemap: false,
    // dist/.vite/manifest.json: scripts/check-budget.mjs reads the initial chunk graph from it.
    manifest: true,
  },
  server: {
    // `npm run dev` against a locally running `kurs serve` on :8080.
    proxy: {
      '/api': 'http://127.0.0.1:8080',
    },
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    restoreMocks: true,
  },
});
