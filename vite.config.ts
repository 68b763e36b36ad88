import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The web app: index.html at the root, sources in src/web, built into dist/web
// (served by the Fastify server in production, with SPA fallback to index.html).
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist/web',
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false },
    },
  },
  preview: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false },
    },
  },
});
