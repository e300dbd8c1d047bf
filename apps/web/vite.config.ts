import { defineConfig } from 'vite';

const target = process.env.JW_API ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root: import.meta.dirname,
  // Vite 8 compiles TSX itself (oxc); React 17+ automatic runtime, no plugin needed.
  oxc: { jsx: { runtime: 'automatic' } },
  server: {
    port: 5173,
    proxy: {
      '/api': { target, changeOrigin: false, ws: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1600,
    rolldownOptions: {
      // antd's "use client" directives mean nothing in a client bundle
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
      // Contracts modules only declare schemas and catalogues: let unused ones (and the TypeBox runtime) be dropped.
      treeshake: {
        moduleSideEffects: (id: string) => !/packages[\\/]contracts[\\/]src[\\/]/.test(id),
      },
      output: {
        codeSplitting: {
          groups: [
            { name: 'maplibre', test: /node_modules[\\/]maplibre-gl/ },
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)/ },
            { name: 'antd', test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[a-z-]+)/ },
            { name: 'react', test: /node_modules[\\/](react|react-dom|react-router|react-router-dom|scheduler)[\\/]/ },
          ],
        },
      },
    },
  },
});
