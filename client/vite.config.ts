import { readFileSync } from 'node:fs';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { SERVER_ROUTE_PREFIXES } from './src/sw-bridge/protocol';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };
const backend = 'http://127.0.0.1:4000';

export default defineConfig({
  define: { __APP_VERSION__: JSON.stringify(pkg.version) },
  plugins: [
    preact(),
    // The console is not an installable app: no web manifest link on its page (the plugin adds it to every page).
    {
      name: 'operator-console-without-manifest',
      apply: 'build',
      enforce: 'post',
      generateBundle(_options, bundle) {
        const page = bundle['operator/index.html'];
        if (page?.type === 'asset' && typeof page.source === 'string') page.source = page.source.replace(/<link rel="manifest"[^>]*>/g, '');
      },
    },
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src/sw',
      filename: 'sw.ts',
      registerType: 'prompt',
      // Registered by our own code (workbox-window, lazily): no inline script, CSP stays strict.
      injectRegister: false,
      includeAssets: ['icons/apple-touch-icon.png'],
      manifest: {
        id: '/',
        name: '社保通 Shebao',
        short_name: '社保通',
        description: '查看社保参保、缴费、余额与医疗费用，按类别管理您的同意。',
        lang: 'zh-CN',
        dir: 'ltr',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        background_color: '#f5f7fa',
        theme_color: '#0d5c91',
        categories: ['finance', 'medical', 'utilities'],
        // The icon says 社保 (scripts/generate-icons.mjs): SVG for any size, PNGs for launchers.
        icons: [
          { src: '/favicon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      injectManifest: {
        // Icons and the manifest are added by the plugin itself; list them once. The operator
        // console (its page and its chunks) is never precached: it must not work offline.
        globPatterns: ['**/*.{js,css,html,svg,woff2}'],
        globIgnores: ['operator/**', 'assets/operator-*'],
        rollupFormat: 'iife',
      },
      devOptions: { enabled: false },
    }),
  ],
  build: {
    target: 'es2022',
    sourcemap: false,
    modulePreload: { polyfill: false },
    rollupOptions: {
      // Two pages: the PWA and the operator console (/operator), each its own entry chunk.
      input: { main: 'index.html', operator: 'operator/index.html' },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'operator' ? 'assets/operator-[hash].js' : 'assets/[name]-[hash].js'),
        assetFileNames: (asset) => (asset.names.some((n) => n.startsWith('operator')) ? 'assets/operator-[hash][extname]' : 'assets/[name]-[hash][extname]'),
      },
    },
  },
  server: {
    port: 5173,
    proxy: Object.fromEntries(
      [...SERVER_ROUTE_PREFIXES, '/operator/graphql'].map((p) => [p, { target: backend, changeOrigin: false }]),
    ),
  },
});
