import { defineConfig, type Plugin } from 'vite';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const OUT = resolve(import.meta.dirname, 'out');

/** Newest `replay.skw` under out/ (by modification time, then path for a total order). */
export function latestReplay(dir = OUT): string | null {
  let best: { path: string; mtime: number } | null = null;
  const walk = (d: string, depth: number) => {
    let entries: string[];
    try {
      entries = readdirSync(d).sort();
    } catch {
      return;
    }
    for (const name of entries) {
      const p = join(d, name);
      let st;
      try {
        st = statSync(p);
      } catch {
        continue;
      }
      if (st.isDirectory() && depth < 4) walk(p, depth + 1);
      else if (name === 'replay.skw' && (!best || st.mtimeMs > best.mtime || (st.mtimeMs === best.mtime && p < best.path))) best = { path: p, mtime: st.mtimeMs };
    }
  };
  walk(dir, 0);
  return best ? (best as { path: string }).path : null;
}

/** Dev-server endpoint: GET /api/latest-replay serves the most recent run under out/. */
function latestReplayPlugin(): Plugin {
  return {
    name: 'skyweave-latest-replay',
    configureServer(server) {
      server.middlewares.use('/api/latest-replay', (_req, res) => {
        const file = latestReplay();
        if (!file) {
          res.statusCode = 404;
          res.end('no replay under out/: run "npm start" first');
          return;
        }
        res.setHeader('Content-Type', 'application/octet-stream');
        res.setHeader('X-Replay-Path', relative(resolve(import.meta.dirname), file));
        res.end(readFileSync(file));
      });
      // GET /api/replay?file=<absolute path>.skw: a sweep report's "open in viewer" links.
      // Loopback-only dev server, and only replay files (.skw) are served.
      server.middlewares.use('/api/replay', (req, res) => {
        const file = new URL(req.url ?? '', 'http://x').searchParams.get('file') ?? '';
        let ok = false;
        try {
          ok = file.endsWith('.skw') && statSync(file).isFile();
        } catch {
          ok = false;
        }
        if (!ok) {
          res.statusCode = 404;
          res.end(`no replay file at "${file}"`);
          return;
        }
        res.setHeader('Content-Type', 'application/octet-stream');
        res.setHeader('X-Replay-Path', file);
        res.end(readFileSync(file));
      });
    },
  };
}

export default defineConfig({
  root: 'viewer',
  base: './',
  plugins: [latestReplayPlugin()],
  server: { host: '127.0.0.1', port: 5173, open: process.env.DISPLAY ? '/' : false },
  preview: { host: '127.0.0.1' },
  build: { outDir: resolve(import.meta.dirname, 'out/viewer'), emptyOutDir: true, chunkSizeWarningLimit: 2000 },
});
