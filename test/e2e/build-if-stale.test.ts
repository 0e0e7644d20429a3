import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { useTempDir } from '../support/temp.js';

/**
 * `prestart`/`predeploy`/`prebackup`: a developer's clone builds when dist/ is missing or older
 * than the sources; a production install (no TypeScript) never tries to. The compiler here is
 * a stand-in that records each call, so the test says what ran, not how long it took.
 */
const tempDir = useTempDir();

function project(withCompiler: boolean): string {
  const root = tempDir();
  mkdirSync(path.join(root, 'deploy'));
  cpSync('deploy/build-if-stale.mjs', path.join(root, 'deploy', 'build-if-stale.mjs'));
  for (const [file, text] of Object.entries({ 'package.json': '{"type":"module"}', 'tsconfig.json': '{}', 'tsconfig.build.json': '{}', 'src/main.ts': '', 'commands/help.ts': '' })) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  if (withCompiler) {
    const bin = path.join(root, 'node_modules', 'typescript', 'bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(path.join(root, 'node_modules', 'typescript', 'package.json'), '{"name":"typescript"}');
    writeFileSync(
      path.join(bin, 'tsc'),
      `const fs = require('fs'); const path = require('path'); const root = process.cwd();
       fs.appendFileSync(path.join(root, 'tsc-calls'), 'called\\n');
       fs.mkdirSync(path.join(root, 'dist', 'src'), { recursive: true });
       fs.writeFileSync(path.join(root, 'dist', 'src', 'main.js'), '');
       if (!fs.existsSync(path.join(root, 'dist', '.tsbuildinfo'))) fs.writeFileSync(path.join(root, 'dist', '.tsbuildinfo'), '{}');`,
    );
  }
  return root;
}

/** A stand-in vite that records each page build and writes the page's entry. */
function withPage(root: string): string {
  mkdirSync(path.join(root, 'playground', 'web'), { recursive: true });
  writeFileSync(path.join(root, 'playground', 'web', 'index.html'), '<!doctype html>');
  const vite = path.join(root, 'node_modules', 'vite');
  mkdirSync(path.join(vite, 'bin'), { recursive: true });
  writeFileSync(path.join(vite, 'package.json'), '{"name":"vite"}');
  writeFileSync(
    path.join(vite, 'bin', 'vite.js'),
    `const fs = require('fs'); const path = require('path'); const root = process.cwd();
     fs.appendFileSync(path.join(root, 'vite-calls'), process.argv.slice(2).join(' ') + '\\n');
     fs.mkdirSync(path.join(root, 'dist', 'playground-web'), { recursive: true });
     fs.writeFileSync(path.join(root, 'dist', 'playground-web', 'index.html'), 'built');`,
  );
  return root;
}

const check = (root: string) => {
  const result = spawnSync(process.execPath, [path.join(root, 'deploy', 'build-if-stale.mjs')], { cwd: root, encoding: 'utf8' });
  return { code: result.status, output: `${result.stdout}${result.stderr}`.trim() };
};
const calls = (root: string) => (existsSync(path.join(root, 'tsc-calls')) ? readFileSync(path.join(root, 'tsc-calls'), 'utf8').split('\n').filter(Boolean).length : 0);
const pageBuilds = (root: string) => (existsSync(path.join(root, 'vite-calls')) ? readFileSync(path.join(root, 'vite-calls'), 'utf8').split('\n').filter(Boolean) : []);
const later = (root: string, file: string) => {
  const future = new Date(Date.now() + 60_000);
  utimesSync(path.join(root, file), future, future);
};

describe('building before npm start, deploy and backup', () => {
  test('GIVEN a developer clone THEN the first start builds, an unchanged second start does not, and a changed source builds again', () => {
    const root = project(true);
    expect(check(root)).toEqual({ code: 0, output: 'Building dist/ (first run)…' });
    expect(calls(root)).toBe(1);

    expect(check(root)).toEqual({ code: 0, output: '' });
    expect(calls(root)).toBe(1);

    later(root, 'commands/help.ts');
    expect(check(root)).toEqual({ code: 0, output: 'Sources changed since the last build: rebuilding dist/…' });
    expect(calls(root)).toBe(2);
    expect(check(root)).toEqual({ code: 0, output: '' });
    expect(calls(root)).toBe(2);
  });

  test('GIVEN a production install with a build older than its sources THEN it runs that build and says how to refresh it', () => {
    const root = project(true);
    check(root);
    rmSync(path.join(root, 'node_modules'), { recursive: true });
    later(root, 'src/main.ts');
    const result = check(root);
    expect(result.code).toBe(0);
    expect(result.output).toMatch(/^Note: the sources are newer than dist\/ and TypeScript is not installed here, so the existing build runs\./);
  });

  test('GIVEN a production install without a build THEN it refuses in one line', () => {
    const result = check(project(false));
    expect(result.code).toBe(1);
    expect(result.output.split('\n')).toEqual(['dist/ is missing and TypeScript is not installed here (a production install). Build first: npm ci && npm run build && npm prune --omit=dev (README, "Running in production").']);
  });

  test('GIVEN a clone with the playground page THEN the first start builds the page with vite, an unchanged start does not, and an edited page builds again', () => {
    const root = withPage(project(true));
    expect(check(root)).toEqual({ code: 0, output: 'Building dist/ (first run)…\nBuilding the playground page (dist/playground-web)…' });
    expect(pageBuilds(root)).toEqual([`build --config ${path.join(root, 'playground', 'web', 'vite.config.ts')}`]);
    expect(check(root)).toEqual({ code: 0, output: '' });
    later(root, 'playground/web/index.html');
    expect(check(root)).toEqual({ code: 0, output: 'Building the playground page (dist/playground-web)…' });
    expect(pageBuilds(root)).toHaveLength(2);
  });
});
