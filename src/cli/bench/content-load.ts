import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { median, percentile } from './stats.js';

const run = promisify(execFile);

export interface ContentRound {
  lessons: number;
  errors: number;
  warnings: number;
  firstWallMs: number;
  firstCpuMs: number;
  warmWallMs: number[];
  warmCpuMs: number[];
  rssAddedMiB: number;
  rssAddedAfterGcMiB: number;
  heapRetainedMiB: number;
}

const lessonFilesUnder = (dir: string) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.yaml'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();

/**
 * A content folder of `count` lessons made from the repository's: every real lesson, then copies
 * with new ids (`<id>-v2`, ...) in the same track until there are `count`. Related ids still name
 * the originals, so the folder loads with no errors. The caller removes the folder.
 */
export function syntheticContent(sourceDir: string, count: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'tutor-bench-content-'));
  cpSync(sourceDir, dir, { recursive: true });
  const originals = lessonFilesUnder(path.join(dir, 'lessons'));
  const taken = new Set(originals.map((file) => path.basename(file, '.yaml')));
  for (let made = originals.length, copy = 2; made < count; copy += 1) {
    for (const file of originals) {
      if (made >= count) break;
      const id = path.basename(file, '.yaml');
      const suffix = `-v${copy}`;
      const newId = `${id.slice(0, 40 - suffix.length).replace(/-+$/, '')}${suffix}`;
      if (taken.has(newId)) continue;
      taken.add(newId);
      const text = readFileSync(file, 'utf8').replace(/^id: .*$/m, `id: ${newId}`);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(path.join(path.dirname(file), `${newId}.yaml`), text);
      made += 1;
    }
  }
  return dir;
}

/** One fresh process loading `dir` once (first), then `warmRepeats` times more. */
async function contentRound(dir: string, warmRepeats: number, cacheDir?: string): Promise<ContentRound> {
  const args = ['--expose-gc', '--import', 'tsx', 'src/cli/bench/content-load-child.ts', dir, String(warmRepeats)];
  const { stdout } = await run(process.execPath, cacheDir ? [...args, cacheDir] : args, { maxBuffer: 1 << 20 });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as ContentRound;
}

/** Median and spread (min, p90, max) of a sample, in the bench's fixed-width columns. */
export function spread(values: readonly number[], digits = 0): string {
  const cell = (value: number) => value.toFixed(digits).padStart(7);
  return `${cell(median(values))}${cell(Math.min(...values))}${cell(percentile(values, 0.9))}${cell(Math.max(...values))}`;
}

/**
 * The repository's content and a `lessonCount`-lesson folder, each loaded without a cache and
 * with a primed cache (`cacheDir`), in `rounds` fresh processes per case, alternating the cases
 * so that a noisy machine's drift hits them alike.
 */
export async function contentLoadReport(rounds: number, warmRepeats: number, lessonCount: number): Promise<string[]> {
  const synthetic = syntheticContent('content', lessonCount);
  const cacheRoot = mkdtempSync(path.join(tmpdir(), 'tutor-bench-cache-'));
  const lines: string[] = [];
  try {
    const cases = [
      { label: 'repository content, no cache', dir: 'content' },
      { label: 'repository content, cached', dir: 'content', cacheDir: path.join(cacheRoot, 'repository') },
      { label: `${lessonCount}-lesson folder, no cache`, dir: synthetic },
      { label: `${lessonCount}-lesson folder, cached`, dir: synthetic, cacheDir: path.join(cacheRoot, 'synthetic') },
    ];
    for (const { dir, cacheDir } of cases) if (cacheDir) await contentRound(dir, 0, cacheDir);
    const results = cases.map((): ContentRound[] => []);
    for (let round = 0; round < rounds; round += 1) {
      for (const [index, { dir, cacheDir }] of cases.entries()) results[index]?.push(await contentRound(dir, warmRepeats, cacheDir));
    }
    lines.push(
      `content load + validate + catalogue: ${rounds} fresh processes per case, each loading once (first) and ${warmRepeats} more times (warm)`,
      `${''.padEnd(34)}${'median'.padStart(7)}${'min'.padStart(7)}${'p90'.padStart(7)}${'max'.padStart(7)}`,
    );
    for (const [index, { label }] of cases.entries()) {
      const figures = results[index] ?? [];
      const [sample] = figures;
      lines.push(`${label}: ${sample?.lessons} lessons, ${sample?.errors} errors, ${sample?.warnings} warnings`);
      lines.push(`  ${'first load, wall ms'.padEnd(32)}${spread(figures.map((f) => f.firstWallMs))}`);
      lines.push(`  ${'first load, cpu ms'.padEnd(32)}${spread(figures.map((f) => f.firstCpuMs))}`);
      lines.push(`  ${'warm load, wall ms'.padEnd(32)}${spread(figures.flatMap((f) => f.warmWallMs))}`);
      lines.push(`  ${'warm load, cpu ms'.padEnd(32)}${spread(figures.flatMap((f) => f.warmCpuMs))}`);
      lines.push(`  ${'RSS added by first load, MiB'.padEnd(32)}${spread(figures.map((f) => f.rssAddedMiB), 1)}`);
      lines.push(`  ${'RSS added, after a full GC, MiB'.padEnd(32)}${spread(figures.map((f) => f.rssAddedAfterGcMiB), 1)}`);
      lines.push(`  ${'heap kept after a full GC, MiB'.padEnd(32)}${spread(figures.map((f) => f.heapRetainedMiB), 1)}`);
    }
  } finally {
    rmSync(synthetic, { recursive: true, force: true });
    rmSync(cacheRoot, { recursive: true, force: true });
  }
  return lines;
}
