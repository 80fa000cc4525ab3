import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

/**
 * The renderer build: served by serve mode (dist/renderer) and loaded by the Electron shell.
 * Relative base so it works from app:// and http://127.0.0.1 alike; no inline scripts or
 * styles (the CSP is 'self' only), so the module preload polyfill is off.
 */
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [vue()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    sourcemap: true,
    target: 'chrome120',
  },
});
