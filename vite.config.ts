// The renderer build (src-renderer -> out/renderer). The CSP is injected as a meta tag from the
// one definition in src-shared/ipc.ts (main and the bridge also send it as a header).
import { defineConfig } from 'vite';
import type { Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY } from './src-shared/contract/index.ts';

// frame-ancestors is ignored (and warned about) in a meta tag; the header carries it.
const metaPolicy = CONTENT_SECURITY_POLICY.split('; ')
  .filter((d) => !d.startsWith('frame-ancestors'))
  .join('; ');

const cspMeta: Plugin = {
  name: 'easel-csp-meta',
  transformIndexHtml: () => [
    { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: metaPolicy }, injectTo: 'head-prepend' },
  ],
};

export default defineConfig({
  root: path.resolve(import.meta.dirname, 'src-renderer'),
  base: '/',
  plugins: [react(), cspMeta],
  build: {
    outDir: path.resolve(import.meta.dirname, 'out/renderer'),
    emptyOutDir: true,
    target: 'chrome130',
    // No inline <script> or data: modules: the CSP forbids them.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
});
