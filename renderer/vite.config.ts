/**
 * Builds the editor into renderer/dist, which the server serves at `/`.
 * Run from the repository root as `vite build renderer` (the positional argument is Vite's root).
 * `vite renderer` starts a dev server that proxies /api to FLOWDESK_URL (default http://127.0.0.1:7861).
 */
import { defineConfig, loadEnv } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig(({ mode }) => {
  const env = loadEnv(mode, '.', 'FLOWDESK_');
  const target = env.FLOWDESK_URL ?? 'http://127.0.0.1:7861';
  return {
    base: '/',
    plugins: [react()],
    build: {
      outDir: 'dist',
      emptyOutDir: true,
      sourcemap: true,
      chunkSizeWarningLimit: 600,
    },
    server: {
      fs: { allow: ['..'] },
      proxy: { '/api': { target, changeOrigin: false }, '/health': { target } },
    },
  };
});
