import { existsSync, mkdtempSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build, preview, type PreviewServer } from 'vite';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Flags that work for headless Debian chromium here (software WebGL through SwiftShader). */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--enable-unsafe-swiftshader'];

export function browserAvailable(): boolean {
  return existsSync(CHROMIUM);
}

const root = resolve(import.meta.dirname, '..');

export interface ViewerHarness {
  outDir: string;
  server: PreviewServer;
  baseUrl: string;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** Builds the viewer into a temp dir, serves it on 127.0.0.1 with vite preview, opens chromium. */
export async function startViewer(files: Record<string, string>, viewport = { width: 1280, height: 800 }): Promise<ViewerHarness> {
  const outDir = mkdtempSync(join(tmpdir(), 'skw-viewer-'));
  await build({ configFile: join(root, 'vite.config.ts'), logLevel: 'error', build: { outDir, emptyOutDir: true } });
  for (const [name, src] of Object.entries(files)) copyFileSync(src, join(outDir, name));
  const server = await preview({ configFile: join(root, 'vite.config.ts'), logLevel: 'error', build: { outDir }, preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false } });
  const address = server.httpServer.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'skw-chrome-')), {
    executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    outDir, server, baseUrl: `http://127.0.0.1:${port}/`, context, page,
    async close() {
      await context.close();
      await new Promise<void>((r) => server.httpServer.close(() => r()));
    },
  };
}

/** Opens a standalone HTML file (file://) in headless chromium; collects console errors and page errors. */
export async function openPage(file: string, viewport = { width: 1280, height: 900 }): Promise<{ context: BrowserContext; page: Page; errors: string[]; close(): Promise<void> }> {
  const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'skw-chrome-')), {
    executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS, '--allow-file-access-from-files'], viewport,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  // Offline: any request leaving the file (a CDN) is an error.
  await page.route(/^https?:/, (route) => { errors.push(`network request: ${route.request().url()}`); return route.abort(); });
  await page.goto(`file://${resolve(file)}`);
  return { context, page, errors, close: () => context.close() };
}
