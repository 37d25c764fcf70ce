// Build and dev server of the Media portal. Run from this folder (npm scripts do): Vite's root is the
// working directory, and keeping this file free of node: imports lets it share the browser tsconfig.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/** The control plane API in development; proxied so the portal calls it same-origin, as in production. */
const CONTROL_PLANE_URL = 'http://127.0.0.1:8090';

export default defineConfig({
  base: '/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true },
  server: {
    proxy: { '/api': { target: CONTROL_PLANE_URL, changeOrigin: false } },
  },
});
