import { defineConfig } from 'rolldown';

// The server for `npm start`: one ES module with node_modules left external.
// Running compiled JS instead of stripping types at start saves ~17 MB of
// memory and the start-up work; tests and development run the .ts directly.
export default defineConfig({
  input: 'src/server/main.ts',
  platform: 'node',
  external: (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0'),
  output: { file: 'dist/server/main.js', format: 'esm', sourcemap: true },
});
