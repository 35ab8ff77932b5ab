// The officials' console: built to console/dist, served at /console (npm start locally, CloudFront on AWS).
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';
import { regionMapsPlugin } from '../scripts/lib/region-maps';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/console/',
  // The risk-area page's two maps, taken from the map packages at build time (not the whole packages).
  plugins: [regionMapsPlugin()],
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    // No data: URLs (small font subsets would be inlined): the console's CSP loads fonts from 'self' only.
    assetsInlineLimit: 0,
    rolldownOptions: {
      // antd marks its modules "use client" for React Server Components; meaningless in this SPA.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: { fs: { allow: ['..'] } },
});
