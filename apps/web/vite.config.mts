import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import Components from 'unplugin-vue-components/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';

const root = fileURLToPath(new URL('.', import.meta.url));

// The console is served by the API under /console/ (apps/api/src/console); `npm run dev:web` proxies the API.
export default defineConfig({
  root,
  base: '/console/',
  plugins: [
    vue(),
    // Element Plus components and their styles on demand: the entry stays small (all of it is ~330 KB gzip)
    Components({ resolvers: [ElementPlusResolver({ importStyle: 'css' })], dts: false }),
  ],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  build: {
    outDir: fileURLToPath(new URL('../../dist/console', import.meta.url)),
    emptyOutDir: true,
    // offices run older Chromium-based browsers
    target: 'es2020',
    chunkSizeWarningLimit: 800,
    reportCompressedSize: false,
  },
  server: {
    proxy: Object.fromEntries(
      ['/auth', '/subdistricts', '/years', '/inbox', '/me', '/users', '/policies', '/calendar', '/health'].map((p) => [p, 'http://127.0.0.1:3000']),
    ),
  },
});
