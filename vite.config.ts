import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The libraries of the app's frame, each a chunk of its own: they change less often than the
 * pages, so a new release leaves them in the browser's cache. Only libraries every first screen
 * needs belong here: a group pulls in all it captures, used on the first screen or not.
 */
const vendors: { name: string; test: RegExp | ((id: string) => boolean) }[] = [
  { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
  { name: 'router', test: /node_modules[\\/]@tanstack[\\/](react-router|router-core|history|store|react-store)[\\/]/ },
  { name: 'query', test: /node_modules[\\/]@tanstack[\\/](query-core|react-query)[\\/]/ },
  { name: 'i18n', test: /node_modules[\\/](i18next|react-i18next)[\\/]/ },
  // Mantine's code in one file rather than thirty small ones: over HTTP/1.1 and a slow link, each
  // file costs a round trip more than its bytes. Its styles stay apart (main.tsx, router.tsx).
  { name: 'mantine', test: (id) => !id.endsWith('.css') && /node_modules[\\/](@mantine[\\/](core|hooks)|@floating-ui|@tabler[\\/]icons-react|react-remove-scroll|react-remove-scroll-bar|react-style-singleton|use-callback-ref|use-sidecar|react-transition-group|clsx|tslib|get-nonce)[\\/]/.test(id) },
  { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/ },
];

export default defineConfig({
  root: 'src/web',
  plugins: [react()],
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    sourcemap: false,
    rolldownOptions: { output: { codeSplitting: { groups: vendors } } },
  },
  server: { port: 5173, proxy: { '/api': 'http://localhost:3000' } },
});
