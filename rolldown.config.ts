import { defineConfig } from 'rolldown';
import { dutchHolidaysOnly } from './src/web/build-plugins.ts';

// The server for `npm start`: one ES module with node_modules left external.
// Running compiled JS instead of stripping types at start saves ~17 MB of
// memory and the start-up work; tests and development run the .ts directly.
// The report worker is its own entry: reports.service.ts starts it as ./report-worker.js beside main.js.
// date-holidays alone is bundled, with the Netherlands' data only (as in the web build): its data of
// every country cost about 9 MB in each of the two isolates, the request thread and the report worker.
export default defineConfig({
  input: { main: 'src/server/main.ts', 'report-worker': 'src/server/reports/report-worker.ts' },
  platform: 'node',
  external: (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0') && !/^date-holidays(\/|$)/.test(id),
  plugins: [dutchHolidaysOnly()],
  // cleanDir: chunks of earlier builds (new hashes each time) no longer pile up in dist/server.
  output: { dir: 'dist/server', cleanDir: true, format: 'esm', sourcemap: true, entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
});
