import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

// The UI is served by `msup serve` from web/dist (SPA fallback, ETag, .gz).
// `npm run dev` proxies the API to a running msup on $MSUP_API (default :8080).
export default defineConfig({
  plugins: [vue()],
  // msup's Content-Security-Policy has no 'unsafe-eval': vue-i18n must
  // compile messages without new Function (JIT to an AST)
  define: {
    __INTLIFY_JIT_COMPILATION__: true,
    __INTLIFY_DROP_MESSAGE_COMPILER__: false,
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      output: {
        manualChunks(id) {
          if (id.includes('node_modules/echarts') || id.includes('node_modules/zrender')) return 'echarts';
          if (id.includes('node_modules/element-plus') || id.includes('node_modules/@element-plus')) return 'element-plus';
          if (id.includes('node_modules/')) return 'vendor';
        },
      },
    },
  },
  server: {
    proxy: { '/api': process.env.MSUP_API || 'http://127.0.0.1:8080' },
  },
  test: {
    environment: 'jsdom',
    include: ['tests/unit/**/*.test.js'],
  },
});
