import { defineConfig } from 'rolldown';

// The server for `npm start`: one ES module with node_modules left external.
// Running compiled JS instead of stripping types at start saves ~17 MB of
// memory and the start-up work; tests and development run the .ts directly.
// The report worker is its own entry: reports.service.ts starts it as ./report-worker.js beside main.js.
export default defineConfig({
  input: { main: 'src/server/main.ts', 'report-worker': 'src/server/reports/report-worker.ts' },
  platform: 'node',
  external: (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0'),
  output: { dir: 'dist/server', format: 'esm', sourcemap: true, entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
});
