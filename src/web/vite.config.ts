import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { dropUtrechtDisplayNames, dutchHolidaysOnly, purgeUnusedUtrechtCss } from './build-plugins.ts';

const root = fileURLToPath(new URL('.', import.meta.url));

// The web app: built to dist/web, served by the API server at `/` with an SPA
// fallback. The shell, login and (later) the public complaint form form the
// initial bundle; back-office pages are lazy chunks (React.lazy).
export default defineConfig({
  root,
  base: '/',
  plugins: [react(), dropUtrechtDisplayNames(), purgeUnusedUtrechtCss(), dutchHolidaysOnly()],
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 300,
    rolldownOptions: {
      output: {
        // React changes less often than the app: its own chunk stays cached across releases.
        codeSplitting: {
          groups: [{ name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ }],
        },
      },
    },
  },
  server: {
    // `npm run dev:web` proxies the API to a locally running server.
    proxy: { '/api': 'http://127.0.0.1:3000', '/healthz': 'http://127.0.0.1:3000' },
  },
});
