import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { compression } from 'vite-plugin-compression2';
import { bootstrapItaliaPurge } from './build/purge-bootstrap-italia.ts';
import { preloadFonts } from './build/preload-fonts.ts';

const API_TARGET = 'http://127.0.0.1:3000';

export default defineConfig(({ command }) => ({
  // Brotli and gzip copies of every text asset, made once at build time: the server sends them as they are
  // (express-static-gzip) instead of compressing on each request or sending 1.6 MB uncompressed.
  plugins: [react(), preloadFonts(), compression({ algorithms: ['brotliCompress', 'gzip'], threshold: 1024 })],
  // Bootstrap Italia's stylesheet is 570 KB of which the app uses a fraction: the build keeps only the selectors
  // the app and design-react-kit can produce (see build/purge-bootstrap-italia.ts). The dev server keeps it whole.
  css: command === 'build' ? { postcss: { plugins: [bootstrapItaliaPurge()] } } : undefined,
  resolve: {
    alias: {
      // Before '@cit/shared', which would otherwise take it as a file under index.ts.
      '@cit/shared/kb-markdown': fileURLToPath(new URL('../shared/src/kb-markdown.ts', import.meta.url)),
      // The shared package is compiled to CommonJS for the server: the browser uses its TS source.
      '@cit/shared': fileURLToPath(new URL('../shared/src/index.ts', import.meta.url)),
    },
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      '/api': { target: API_TARGET, changeOrigin: false },
      '/socket.io': { target: API_TARGET, ws: true, changeOrigin: false },
    },
  },
  preview: {
    proxy: {
      '/api': { target: API_TARGET, changeOrigin: false },
      '/socket.io': { target: API_TARGET, ws: true, changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    // Separate vendor chunks change far less often than the app, so browsers keep them across deploys.
    chunkSizeWarningLimit: 900,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'vendor-react', test: /node_modules[\\/](react|react-dom|react-router|scheduler|@tanstack)[\\/]/ },
            // No catch-all vendor group: libraries only the signed-in pages use (socket.io, …) stay in their lazy chunks.
          ],
        },
      },
    },
  },
}));
