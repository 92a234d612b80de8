import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

/**
 * main: ESM with its JavaScript dependencies bundled (not minified: Electronegativity must parse
 * out/main/index.js, and it fails on the minifier's output), only native
 * addons external (they are unpacked from asar at packaging time). Resolving and loading some
 * thirty packages file by file from node_modules was most of a start; names stay unmangled so
 * stack traces still read. A dependency that loads its own files by path at run time (a pino
 * transport, say) would have to join `external`.
 * preload: CommonJS with every dependency bundled, because sandboxed preloads cannot require.
 * renderer: React, plus the web host's browser bridge as a second fixed-name entry, minified
 * (less for the browser to parse before the first screen).
 */
export default defineConfig({
  main: {
    build: {
      externalizeDeps: false,
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve('electron/main/index.ts'),
          'web-host': resolve('electron/web/cli.ts'),
        },
        external: ['better-sqlite3', 'node-hid', 'electron'],
        output: { format: 'es' },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('electron/preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [react()],
    build: {
      outDir: 'out/renderer',
      minify: true,
      rollupOptions: {
        input: {
          index: resolve('renderer/index.html'),
          'web-bridge': resolve('electron/web/browser/web-bridge.ts'),
        },
        output: {
          entryFileNames: (chunk) => (chunk.name === 'web-bridge' ? 'web-bridge.js' : 'assets/[name]-[hash].js'),
        },
      },
    },
  },
});
