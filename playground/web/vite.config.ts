import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * The playground page. `npm run build` writes it to dist/playground-web/ (index.html and
 * assets/), which the playground server serves. `npx vite --config playground/web/vite.config.ts`
 * serves it for development, with dev/fixtures.html drawing fixture frames without a server.
 */
export default defineConfig({
  root: here,
  base: './',
  logLevel: 'warn',
  build: {
    outDir: path.resolve(here, '../../dist/playground-web'),
    emptyOutDir: true,
    // The page is served from 127.0.0.1 only; a source map helps whoever debugs it.
    sourcemap: true,
  },
});
