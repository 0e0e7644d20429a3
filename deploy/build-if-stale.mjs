#!/usr/bin/env node
// Runs before `npm start`, `npm run deploy` and `npm run backup` (their "pre" scripts).
//
// A production host builds once (`npm run build`) and then runs with production dependencies
// only, where TypeScript is not installed: there this script checks that dist/ exists and
// does nothing else. A developer's clone has TypeScript: there it rebuilds dist/ when it is
// missing or older than the sources, so `npm start` after `npm install` just works, and a
// second `npm start` with nothing changed does not rebuild. The same holds for the playground's
// web page (playground/web, built by vite into dist/playground-web).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, utimesSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stamp = path.join(root, 'dist', '.tsbuildinfo');
const entry = path.join(root, 'dist', 'src', 'main.js');
const sources = ['src', 'commands', 'tsconfig.json', 'tsconfig.build.json', 'package.json'];

function newestMtime(file) {
  const stat = statSync(file, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of readdirSync(file)) newest = Math.max(newest, newestMtime(path.join(file, child)));
  return newest;
}

function resolveTool(request) {
  try {
    return createRequire(path.join(root, 'package.json')).resolve(request);
  } catch {
    return undefined;
  }
}

function buildServer() {
  const built = statSync(entry, { throwIfNoEntry: false }) ? statSync(stamp, { throwIfNoEntry: false })?.mtimeMs : undefined;
  const newestSource = Math.max(...sources.map((file) => newestMtime(path.join(root, file))));
  // Whole milliseconds: file systems keep finer times than a Date can set.
  if (built !== undefined && Math.floor(built) >= Math.floor(newestSource)) return 0;

  const tsc = resolveTool('typescript/bin/tsc');
  if (!tsc) {
    if (built === undefined) {
      console.error('dist/ is missing and TypeScript is not installed here (a production install). Build first: npm ci && npm run build && npm prune --omit=dev (README, "Running in production").');
      return 1;
    }
    console.error('Note: the sources are newer than dist/ and TypeScript is not installed here, so the existing build runs. Rebuild (npm ci && npm run build && npm prune --omit=dev) to pick up the change.');
    return 0;
  }
  console.error(built === undefined ? 'Building dist/ (first run)…' : 'Sources changed since the last build: rebuilding dist/…');
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) return result.status ?? 1;
  // An incremental build with nothing to emit leaves the stamp as it was: mark this check as done
  // (no earlier than the newest source, so a file dated in the future does not rebuild every time).
  const done = new Date(Math.max(Date.now(), Math.ceil(newestSource)));
  utimesSync(stamp, done, done);
  return 0;
}

/** The playground page: rebuilt by vite when its folder is newer than the built index.html. */
function buildPage() {
  const pageSources = path.join(root, 'playground', 'web');
  if (!statSync(pageSources, { throwIfNoEntry: false })) return 0;
  const pageEntry = path.join(root, 'dist', 'playground-web', 'index.html');
  const built = statSync(pageEntry, { throwIfNoEntry: false })?.mtimeMs;
  const newestSource = newestMtime(pageSources);
  if (built !== undefined && Math.floor(built) >= Math.floor(newestSource)) return 0;
  // vite's exports map hides its bin; its package.json is exported and sits beside it.
  const vitePackage = resolveTool('vite/package.json');
  const vite = vitePackage && path.join(path.dirname(vitePackage), 'bin', 'vite.js');
  if (!vite) {
    if (built === undefined) console.error('Note: the playground page is not built and vite is not installed here; run npm run build where dev dependencies are installed.');
    return 0;
  }
  console.error('Building the playground page (dist/playground-web)…');
  const result = spawnSync(process.execPath, [vite, 'build', '--config', path.join(pageSources, 'vite.config.ts')], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) return result.status ?? 1;
  const done = new Date(Math.max(Date.now(), Math.ceil(newestSource)));
  utimesSync(pageEntry, done, done);
  return 0;
}

const serverStatus = buildServer();
process.exit(serverStatus !== 0 ? serverStatus : buildPage());
