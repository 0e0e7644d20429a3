import { Catalogue } from '../../content/catalogue.js';
import { loadContent } from '../../content/load.js';

/**
 * One round of `npm run bench -- content`, in a fresh process so the first load is what start-up
 * pays and the memory figures belong to the content alone. Prints one line of JSON.
 * Run with --expose-gc: `node --expose-gc --import tsx content-load-child.ts <dir> <warm repeats> [cache dir]`.
 */
const [dir = 'content', repeatsArg = '5', cacheDir] = process.argv.slice(2);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const mib = (bytes: number) => bytes / 1024 / 1024;

async function timedLoad() {
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  const content = await loadContent(dir, cacheDir ? { cacheDir } : {});
  const catalogue = new Catalogue(content.lessons, content.tracks);
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuStart);
  return { content, catalogue, wallMs, cpuMs: (cpu.user + cpu.system) / 1000 };
}

gc();
const before = process.memoryUsage();
const first = await timedLoad();
const loaded = process.memoryUsage();
gc();
const settled = process.memoryUsage();

const warm: { wallMs: number; cpuMs: number }[] = [];
for (let round = 0; round < Number(repeatsArg); round += 1) {
  const { wallMs, cpuMs } = await timedLoad();
  warm.push({ wallMs, cpuMs });
}

console.log(
  JSON.stringify({
    lessons: first.catalogue.size,
    errors: first.content.problems.filter((problem) => problem.severity === 'error').length,
    warnings: first.content.problems.filter((problem) => problem.severity === 'warning').length,
    firstWallMs: first.wallMs,
    firstCpuMs: first.cpuMs,
    warmWallMs: warm.map((figure) => figure.wallMs),
    warmCpuMs: warm.map((figure) => figure.cpuMs),
    rssAddedMiB: mib(loaded.rss - before.rss),
    rssAddedAfterGcMiB: mib(settled.rss - before.rss),
    heapRetainedMiB: mib(settled.heapUsed - before.heapUsed),
  }),
);
