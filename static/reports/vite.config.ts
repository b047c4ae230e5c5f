// Custom UI build: relative asset URLs (`base: './'`) because Forge serves the bundle from a path
// it chooses; JSX through Vite's own Oxc transform with the automatic React runtime.
import { defineConfig } from 'vite';

const root = new URL('.', import.meta.url).pathname;

export default defineConfig({
  root,
  base: './',
  oxc: { jsx: { runtime: 'automatic' } },
  build: { outDir: `${root}build`, emptyOutDir: true, chunkSizeWarningLimit: 2000 },
});
