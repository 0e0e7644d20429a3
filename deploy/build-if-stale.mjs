#!/usr/bin/env node
// Runs before `npm start`, `npm run deploy` and `npm run backup` (their "pre" scripts).
//
// A production host builds once (`npm run build`) and then runs with production dependencies
// only, where TypeScript is not installed: there this script checks that dist/ exists and
// does nothing else. A developer's clone has TypeScript: there it rebuilds dist/ when it is
// missing or older than the sources, so `npm start` after `npm install` just works, and a
// second `npm start` with nothing changed does not rebuild.
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

function typescriptCompiler() {
  try {
    return createRequire(path.join(root, 'package.json')).resolve('typescript/bin/tsc');
  } catch {
    return undefined;
  }
}

const built = statSync(entry, { throwIfNoEntry: false }) ? statSync(stamp, { throwIfNoEntry: false })?.mtimeMs : undefined;
const newestSource = Math.max(...sources.map((file) => newestMtime(path.join(root, file))));
// Whole milliseconds: file systems keep finer times than a Date can set.
if (built !== undefined && Math.floor(built) >= Math.floor(newestSource)) process.exit(0);

const tsc = typescriptCompiler();
if (!tsc) {
  if (built === undefined) {
    console.error('dist/ is missing and TypeScript is not installed here (a production install). Build first: npm ci && npm run build && npm prune --omit=dev (README, "Running in production").');
    process.exit(1);
  }
  console.error('Note: the sources are newer than dist/ and TypeScript is not installed here, so the existing build runs. Rebuild (npm ci && npm run build && npm prune --omit=dev) to pick up the change.');
  process.exit(0);
}
console.error(built === undefined ? 'Building dist/ (first run)…' : 'Sources changed since the last build: rebuilding dist/…');
const result = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'inherit' });
if (result.status !== 0) process.exit(result.status ?? 1);
// An incremental build with nothing to emit leaves the stamp as it was: mark this check as done
// (no earlier than the newest source, so a file dated in the future does not rebuild every time).
const done = new Date(Math.max(Date.now(), Math.ceil(newestSource)));
utimesSync(stamp, done, done);
