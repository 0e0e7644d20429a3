import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LocalDiscord } from '../playground/discord/index.js';
import { answerBurst } from './bench/answer-burst.js';
import { contentLoadReport } from './bench/content-load.js';
import { leaderboardQueries } from './bench/leaderboard-queries.js';
import { tokenInspectionFigures } from './bench/token-inspection.js';
import { median, percentile } from './bench/stats.js';

/**
 * `npm run bench`: /lesson interactions through the real discord.js client against the local
 * Discord server, for our bot and for a bare bot answering a fixed embed, each in its own
 * process so its memory can be read. Latency is dispatch → callback received by the local server.
 */
const sequentialCount = Number(process.env.BENCH_SEQUENTIAL ?? 300);
const concurrentCount = Number(process.env.BENCH_CONCURRENT ?? 2000);
const inFlight = 32;
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);

interface RoundFigures {
  sequential: number[];
  sequentialRate: number;
  concurrent: number[];
  concurrentRate: number;
  rssReadyMiB: number;
  rssAfterMiB: number;
}

/** Both bots run as a production host runs them: compiled JavaScript, no TypeScript loader. */
const bots = {
  ours: ['dist/src/main.js'],
  bare: ['dist/src/cli/bare-bot.js'],
} as const;

/** Starts a bot in its own process against a fresh local Discord server and database. */
async function launch(bot: keyof typeof bots) {
  const fake = await LocalDiscord.start();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tutor-bench-'));
  const databasePath = path.join(dataDir, 'tutor.db');
  const child = spawn(process.execPath, [...bots[bot]], {
    env: {
      PATH: process.env.PATH,
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.apiUrl,
      DATABASE_PATH: databasePath,
      CONTENT_DIR: 'content',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await waitForReady(child);
  const shutdown = async () => {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('close', resolve));
    await fake.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { fake, child, databasePath, shutdown };
}

async function measure(bot: keyof typeof bots): Promise<RoundFigures> {
  const { fake, child, shutdown } = await launch(bot);
  try {
    const rssReadyMiB = rssMiB(child);
    await runLoad(fake, 50, 8); // warm-up: JIT, connection pools, prepared statements
    const sequentialStart = performance.now();
    const sequential = await runLoad(fake, sequentialCount, 1);
    const sequentialRate = sequentialCount / ((performance.now() - sequentialStart) / 1000);
    const concurrentStart = performance.now();
    const concurrent = await runLoad(fake, concurrentCount, inFlight);
    const concurrentRate = concurrentCount / ((performance.now() - concurrentStart) / 1000);
    return { sequential, sequentialRate, concurrent, concurrentRate, rssReadyMiB, rssAfterMiB: rssMiB(child) };
  } finally {
    await shutdown();
  }
}

/** Sends `count` /lesson commands, at most `parallel` unanswered at once; returns each latency in ms. */
async function runLoad(fake: LocalDiscord, count: number, parallel: number): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  const users = Array.from({ length: 64 }, (_, index) => `learner-${index}`);
  const worker = async () => {
    while (next < count) {
      const index = next++;
      const started = performance.now();
      const handle = fake.slash({
        name: 'lesson',
        user: users[index % users.length],
        options: [{ name: 'topic', type: 3, value: 'oauth-basics' }],
      });
      const response = await handle.response({ timeoutMs: 30_000 });
      if (response.type !== 4) throw new Error(`unexpected response type ${response.type}`);
      latencies.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return latencies;
}

function waitForReady(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('"msg":"bot ready"')) resolve();
    });
    child.once('close', (code) => reject(new Error(`bot exited with ${code} before ready:\n${output}`)));
    child.stdout?.on('data', () => undefined);
  });
}

function rssMiB(child: ChildProcess): number {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kib / 1024;
}

const format = (value: number, digits = 1) => value.toFixed(digits).padStart(8);

/** `npm run bench -- lesson|burst|leaderboard|tokens|content` runs one part; no argument runs them all. */
const only = process.argv[2];
const runs = (part: string) => only === undefined || only === part;

if (runs('lesson') || runs('burst')) execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });

if (runs('lesson')) {
const results: Record<keyof typeof bots, RoundFigures[]> = { ours: [], bare: [] };
// Alternate the two bots so that drift in a noisy machine hits both alike.
for (let round = 0; round < rounds; round += 1) {
  for (const bot of ['ours', 'bare'] as const) results[bot].push(await measure(bot));
}

const summarise = (figures: RoundFigures[]) => ({
  sequentialRate: median(figures.map((f) => f.sequentialRate)),
  sequentialP50: median(figures.map((f) => median(f.sequential))),
  sequentialP99: median(figures.map((f) => percentile(f.sequential, 0.99))),
  concurrentRate: median(figures.map((f) => f.concurrentRate)),
  concurrentP50: median(figures.map((f) => median(f.concurrent))),
  concurrentP99: median(figures.map((f) => percentile(f.concurrent, 0.99))),
  rssReady: median(figures.map((f) => f.rssReadyMiB)),
  rssAfter: median(figures.map((f) => f.rssAfterMiB)),
});
const ours = summarise(results.ours);
const bare = summarise(results.bare);

console.log(`/lesson through discord.js and the local Discord server: medians of ${rounds} rounds`);
console.log(`sequential: ${sequentialCount} interactions, one at a time; concurrent: ${concurrentCount}, ${inFlight} in flight\n`);
console.log(`${'figure'.padEnd(28)}${'ours'.padStart(8)}${'bare'.padStart(8)}${'ours/bare'.padStart(11)}`);
const row = (label: string, key: keyof typeof ours) =>
  console.log(`${label.padEnd(28)}${format(ours[key])}${format(bare[key])}${format(ours[key] / bare[key], 2).padStart(11)}`);
row('sequential interactions/s', 'sequentialRate');
row('sequential p50 ms', 'sequentialP50');
row('sequential p99 ms', 'sequentialP99');
row('concurrent interactions/s', 'concurrentRate');
row('concurrent p50 ms', 'concurrentP50');
row('concurrent p99 ms', 'concurrentP99');
row('RSS after ready MiB', 'rssReady');
row('RSS after the run MiB', 'rssAfter');
}

if (runs('burst')) {
const burstMembers = Number(process.env.BENCH_BURST ?? 1000);
const bursts = [];
for (let round = 0; round < rounds; round += 1) {
  const running = await launch('ours');
  try {
    bursts.push(await answerBurst(running.fake, running.databasePath, burstMembers));
  } finally {
    await running.shutdown();
  }
}
console.log(`\nanswer burst: ${burstMembers} members answering one live question within one second (medians of ${rounds} rounds)`);
console.log(`acknowledgement latency ms   p50 ${format(median(bursts.map((b) => b.p50)))}   p99 ${format(median(bursts.map((b) => b.p99)))}   max ${format(median(bursts.map((b) => b.max)))}`);
console.log(`answers counted              ${bursts.map((b) => b.counted).join(', ')} (of ${burstMembers} each round)`);
console.log(`"answered" edits sent        ${bursts.map((b) => b.edits).join(', ')} (burst spans ${bursts.map((b) => (b.spanMs / 1000).toFixed(1)).join(', ')} s; at most one per 2 s)`);
}

if (runs('leaderboard')) {
  const rows = Number(process.env.BENCH_BOARD_ROWS ?? 1_000_000);
  const members = 5_000;
  const { seedMs, figures } = leaderboardQueries(rows, members, 7);
  console.log(`\nleaderboard queries: ${rows.toLocaleString('en')} scored answers from ${members.toLocaleString('en')} members in one server (seeded in ${(seedMs / 1000).toFixed(1)} s); medians of 7`);
  for (const figure of figures) {
    const rank = Number.isNaN(figure.rank) ? '   (page, size and caller in one query)' : `   member's rank ${format(figure.rank)} ms`;
    console.log(`${figure.label.padEnd(16)} top 10 ${format(figure.top10)} ms${rank}`);
  }
}

if (runs('tokens')) {
  const tokenRounds = Number(process.env.BENCH_TOKEN_ROUNDS ?? 21);
  const figures = tokenInspectionFigures(tokenRounds);
  console.log(`\ntoken inspection: each worst-case family of 16 KiB pastes inspected and rendered, ${tokenRounds} rounds (target: under 10 ms each)`);
  console.log(`${'family'.padEnd(30)}${'bytes'.padStart(8)}${'median ms'.padStart(11)}${'max ms'.padStart(9)}`);
  for (const figure of figures) console.log(`${figure.family.padEnd(30)}${String(figure.bytes).padStart(8)}${format(figure.medianMs, 2).padStart(11)}${format(figure.maxMs, 2).padStart(9)}`);
  const worst = figures.reduce((a, b) => (b.medianMs > a.medianMs ? b : a));
  console.log(`worst family by median: ${worst.family}, ${worst.medianMs.toFixed(2)} ms per 16 KiB paste`);
}

if (runs('content')) {
  const contentRounds = Number(process.env.BENCH_CONTENT_ROUNDS ?? 7);
  const warmRepeats = Number(process.env.BENCH_CONTENT_WARM ?? 5);
  const lessonCount = Number(process.env.BENCH_CONTENT_LESSONS ?? 202);
  console.log(`\n${(await contentLoadReport(contentRounds, warmRepeats, lessonCount)).join('\n')}`);
}
