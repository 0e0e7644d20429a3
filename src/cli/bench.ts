import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { answerBurst, warmUpForBurst, type BurstFigures } from './bench/answer-burst.js';
import { launch, removeWarmCache, type BotName } from './bench/bots.js';
import { contentLoadReport } from './bench/content-load.js';
import { interactionKinds, runLoad, senderFor, type InteractionKind } from './bench/interactions.js';
import { finishCost } from './bench/finish-cost.js';
import { crowdedQuestion, flatness } from './bench/crowded-question.js';
import { leaderboardQueries } from './bench/leaderboard-queries.js';
import { progressReads } from './bench/progress-reads.js';
import { tokenInspectionFigures } from './bench/token-inspection.js';
import { median, percentile } from './bench/stats.js';
import { freshPostgresDatabase } from './bench/postgres.js';
import { startLocalPostgres } from '../store/pg/local-server.js';

/**
 * `npm run bench`: every issue-14 figure, our bot beside a bare discord.js bot in the same run.
 * Both run compiled in their own process against the local Discord server, so their CPU time and
 * memory can be read; latency is dispatch → callback received by the local server. CPU time per
 * interaction (from /proc) is the figure to trust on a shared machine; rates and latencies are
 * wall time and need a quiet one (the load average is printed).
 *
 * `npm run bench -- interactions|crowded|burst|burst-engines|leaderboard|tokens|content` runs one part.
 */
const sequentialCount = Number(process.env.BENCH_SEQUENTIAL ?? 300);
const concurrentCount = Number(process.env.BENCH_CONCURRENT ?? 1000);
const inFlight = 32;
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const memoryMarks = [5_000, 11_000] as const;
/**
 * Interactions of each kind served before any is measured (and answers before a burst). A bot in
 * service is long past its JIT warm-up. Measured in windows of 1,000 answers, every bot's CPU per
 * interaction falls by half or more over its first 3,000 to 4,000 and is level after: with fewer,
 * the figures were mostly V8 settling each bot's code (a bigger bot has more of it).
 */
const warmUpCount = Number(process.env.BENCH_WARM_UP ?? 4000);

interface KindFigures {
  sequential: number[];
  sequentialRate: number;
  concurrent: number[];
  concurrentRate: number;
  cpuPerInteractionMs: number;
}

interface InteractionRound {
  kinds: Record<InteractionKind, KindFigures>;
  rssReadyMiB: number;
  /** RSS after 5,000 and after 11,000 interactions. */
  rssAtMarksMiB: number[];
}

/** Each kind in turn (warm-up, one at a time, then 32 in flight); then, on a fresh bot, memory after ready and at each mark of /lesson load. */
async function interactionRound(bot: BotName, round: number, measured: readonly InteractionKind[] = interactionKinds, memory = measured === interactionKinds): Promise<InteractionRound> {
  const kinds = {} as Record<InteractionKind, KindFigures>;
  const running = await launch(bot);
  try {
    for (const kind of measured) {
      const send = await senderFor(kind, running, bot, round);
      await runLoad(send, warmUpCount, 8, 0); // warm-up: JIT, connection pools, prepared statements
      const cpuBefore = running.cpuMs();
      const sequentialStart = performance.now();
      const sequential = await runLoad(send, sequentialCount, 1, warmUpCount);
      const sequentialRate = sequentialCount / ((performance.now() - sequentialStart) / 1000);
      const concurrentStart = performance.now();
      const concurrent = await runLoad(send, concurrentCount, inFlight, warmUpCount + sequentialCount);
      const concurrentRate = concurrentCount / ((performance.now() - concurrentStart) / 1000);
      const cpuPerInteractionMs = (running.cpuMs() - cpuBefore) / (sequentialCount + concurrentCount);
      kinds[kind] = { sequential, sequentialRate, concurrent, concurrentRate, cpuPerInteractionMs };
    }
  } finally {
    await running.shutdown();
  }
  if (!memory) return { kinds, rssReadyMiB: Number.NaN, rssAtMarksMiB: [] };
  return { kinds, ...(await memoryRound(bot, round)) };
}

async function memoryRound(bot: BotName, round: number): Promise<Pick<InteractionRound, 'rssReadyMiB' | 'rssAtMarksMiB'>> {
  const running = await launch(bot);
  try {
    const rssReadyMiB = running.rssMiB();
    const lessons = await senderFor('lesson', running, bot, round);
    const rssAtMarksMiB: number[] = [];
    let sent = 0;
    for (const mark of memoryMarks) {
      await runLoad(lessons, mark - sent, inFlight, sent);
      sent = mark;
      rssAtMarksMiB.push(running.rssMiB());
    }
    return { rssReadyMiB, rssAtMarksMiB };
  } finally {
    await running.shutdown();
  }
}

const cell = (value: number, digits = 1) => value.toFixed(digits);
/** "median [min–max]" of a sample, for one bot's column. */
const withSpread = (values: readonly number[], digits = 1) =>
  `${cell(median(values), digits)} [${cell(Math.min(...values), digits)}–${cell(Math.max(...values), digits)}]`.padStart(24);
const header = (label: string) => console.log(`${label.padEnd(34)}${'ours'.padStart(24)}${'bare'.padStart(24)}${'ours/bare'.padStart(11)}`);
function row(label: string, ours: readonly number[], bare: readonly number[], digits = 1, compare: 'ratio' | 'difference' = 'ratio') {
  const difference = median(ours) - median(bare);
  const versus = compare === 'ratio' ? cell(median(ours) / median(bare), 2) : `${difference >= 0 ? '+' : ''}${cell(difference, digits)}`;
  console.log(`${label.padEnd(34)}${withSpread(ours, digits)}${withSpread(bare, digits)}${versus.padStart(11)}`);
}
/**
 * Ours against another baseline, throughput and CPU only: the bare bot committing each answer to
 * SQLite before its reply (the least a bot that keeps the issue's own rule, an answer committed
 * before the reply that confirms it, can cost), or the bare bot sending one small fixed page
 * (about 300 bytes) instead of ours (1.5–3 KB), which also counts our page's bytes against us.
 */
function againstRows(title: string, name: string, ours: readonly KindFigures[], other: readonly KindFigures[]) {
  const versus = (label: string, pick: (figures: KindFigures) => number, digits: number) =>
    console.log(`${label.padEnd(34)}${withSpread(ours.map(pick), digits)}${withSpread(other.map(pick), digits)}${cell(median(ours.map(pick)) / median(other.map(pick)), 2).padStart(11)}`);
  console.log(`${`  against ${title}`.padEnd(34)}${'ours'.padStart(24)}${name.padStart(24)}${'ours/it'.padStart(11)}`);
  versus('  32 in flight, interactions/s', (f) => f.concurrentRate, 0);
  versus('  CPU per interaction ms', (f) => f.cpuPerInteractionMs, 3);
}
const load = () => loadavg().map((value) => value.toFixed(2)).join(', ');

const only = process.argv[2];
const runs = (part: string) => only === undefined || only === part;

if (runs('interactions') || runs('crowded') || runs('burst') || runs('burst-engines')) execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });

if (runs('interactions')) {
  console.log(`load average at the start: ${load()}`);
  const results: Record<BotName, InteractionRound[]> = { ours: [], bare: [], 'bare+sqlite': [], 'bare, small page': [] };
  // Alternate the bots so that drift in a noisy machine hits all alike.
  for (let round = 0; round < rounds; round += 1) {
    for (const bot of ['ours', 'bare'] as const) results[bot].push(await interactionRound(bot, round));
    // All three kinds, though only its answers are printed: every bot is measured equally warm.
    results['bare+sqlite'].push(await interactionRound('bare+sqlite', round, interactionKinds, false));
    results['bare, small page'].push(await interactionRound('bare, small page', round, interactionKinds, false));
  }
  console.log(`\ninteractions through discord.js and the local Discord server: medians of ${rounds} rounds [min–max]; load average now ${load()}`);
  console.log(`each kind: ${warmUpCount} to warm up, then ${sequentialCount} one at a time, then ${concurrentCount} with ${inFlight} in flight; CPU is the bot process's, over the last two; memory on a fresh bot serving /lesson`);
  console.log(`bare: a discord.js bot with no logic sending our own lesson pages and question, byte for byte (captured from ours at the start)\n`);
  for (const kind of interactionKinds) {
    const of = (bot: BotName) => results[bot].map((figures) => figures.kinds[kind]);
    header(kind);
    row('  sequential interactions/s', of('ours').map((f) => f.sequentialRate), of('bare').map((f) => f.sequentialRate), 0);
    row('  sequential p50 ms', of('ours').map((f) => median(f.sequential)), of('bare').map((f) => median(f.sequential)), 2, 'difference');
    row('  sequential p99 ms', of('ours').map((f) => percentile(f.sequential, 0.99)), of('bare').map((f) => percentile(f.sequential, 0.99)), 2, 'difference');
    row('  32 in flight, interactions/s', of('ours').map((f) => f.concurrentRate), of('bare').map((f) => f.concurrentRate), 0);
    row('  32 in flight, p99 ms', of('ours').map((f) => percentile(f.concurrent, 0.99)), of('bare').map((f) => percentile(f.concurrent, 0.99)), 1, 'difference');
    row('  CPU per interaction ms', of('ours').map((f) => f.cpuPerInteractionMs), of('bare').map((f) => f.cpuPerInteractionMs), 3);
    if (kind === 'quiz answer') againstRows('bare + a SQLite commit', 'bare+sqlite', of('ours'), of('bare+sqlite'));
    againstRows('bare with a small page', 'bare, small page', of('ours'), of('bare, small page'));
  }
  header('memory');
  const rss = (bot: BotName, pick: (round: InteractionRound) => number) => results[bot].map(pick);
  row('  RSS after ready MiB', rss('ours', (r) => r.rssReadyMiB), rss('bare', (r) => r.rssReadyMiB), 1, 'difference');
  for (const [index, mark] of memoryMarks.entries()) {
    row(`  RSS after ${mark.toLocaleString('en')} interactions MiB`, rss('ours', (r) => r.rssAtMarksMiB[index] ?? Number.NaN), rss('bare', (r) => r.rssAtMarksMiB[index] ?? Number.NaN), 1, 'difference');
  }
  const growth = (bot: BotName) => results[bot].map((r) => (r.rssAtMarksMiB[1] ?? Number.NaN) / (r.rssAtMarksMiB[0] ?? Number.NaN));
  row('  RSS 11,000 / 5,000', growth('ours'), growth('bare'), 3);
}

if (runs('crowded')) {
  const answers = Number(process.env.BENCH_CROWDED ?? 10_000);
  const window = 1_000;
  const figures = await crowdedQuestion(answers, window, rounds, warmUpCount);
  const spread = (values: number[]) => `${cell(median(values), 3)} [${cell(Math.min(...values), 3)}–${cell(Math.max(...values), 3)}]`;
  console.log(`
one live question answered by ${answers.toLocaleString('en')} members, ${inFlight} in flight, our bot: CPU ms per answer, medians of ${rounds} rounds [min–max]; load average now ${load()}`);
  console.log(`  answers ${(warmUpCount + 1).toLocaleString('en')}–${(warmUpCount + window).toLocaleString('en')}: ${spread(figures.earlyCpuMs)}; answers ${(answers - window + 1).toLocaleString('en')}–${answers.toLocaleString('en')}: ${spread(figures.lateCpuMs)}; last / first ${cell(flatness(figures), 2)} (flat is 1)`);
}

if (runs('burst')) {
  const sizes = (process.env.BENCH_BURST ?? '1000,2000').split(',').map(Number);
  console.log(`\nload average at the start of the bursts: ${load()}`);
  for (const members of sizes) {
    const bursts: Record<Exclude<BotName, 'bare, small page'>, BurstFigures[]> = { ours: [], bare: [], 'bare+sqlite': [] };
    for (let round = 0; round < rounds; round += 1) {
      for (const bot of ['ours', 'bare', 'bare+sqlite'] as const) {
        const running = await launch(bot);
        try {
          await warmUpForBurst(running, bot, warmUpCount);
          bursts[bot].push(await answerBurst(running, bot, members));
        } finally {
          await running.shutdown();
        }
      }
    }
    const of = (bot: keyof typeof bursts, pick: (figures: BurstFigures) => number) => bursts[bot].map(pick);
    console.log(`\nanswer burst: ${members.toLocaleString('en')} members answering one live question within one second, each clicking twice 50–500 ms apart, after ${warmUpCount.toLocaleString('en')} answers to warm up: medians of ${rounds} rounds [min–max]; load average now ${load()}`);
    header('');
    row('  ack p50 ms', of('ours', (b) => b.p50), of('bare', (b) => b.p50), 1);
    row('  ack p99 ms', of('ours', (b) => b.p99), of('bare', (b) => b.p99), 1);
    row('  ack max ms', of('ours', (b) => b.max), of('bare', (b) => b.max), 1);
    row('  clicks acknowledged after 3 s', of('ours', (b) => b.late), of('bare', (b) => b.late), 0, 'difference');
    row('  CPU per click ms', of('ours', (b) => b.cpuPerClickMs), of('bare', (b) => b.cpuPerClickMs), 3);
    const floor = of('bare+sqlite', (b) => b.cpuPerClickMs);
    console.log(`  bare + a SQLite commit per answer: CPU per click ${withSpread(floor, 3).trim()} ms; ours / it ${cell(median(of('ours', (b) => b.cpuPerClickMs)) / median(floor), 2)}; ack max ${withSpread(of('bare+sqlite', (b) => b.max), 1).trim()} ms`);
    console.log(`  answers counted (ours, from the database): ${of('ours', (b) => b.counted).join(', ')} of ${members} each round; bare + SQLite: ${of('bare+sqlite', (b) => b.counted).join(', ')}`);
    console.log(`  question edits (ours): ${of('ours', (b) => b.edits).join(', ')}; bursts spanned ${of('ours', (b) => b.spanMs / 1000).map((s) => s.toFixed(1)).join(', ')} s`);
    console.log(`  stopping that quiz (ours): the longest another member's /lesson waited meanwhile ${withSpread(of('ours', (b) => b.finishDelayMs), 1).trim()} ms`);
  }
}
// The same burst, our bot only, on each engine: SQLite at DATABASE_PATH and Postgres (DATABASE_URL) on a local
// throwaway server (or BENCH_DATABASE_URL; each round gets a fresh database on it).
if (runs('burst-engines')) {
  const members = Number(process.env.BENCH_ENGINE_BURST ?? 1000);
  // Flushed to disk, as a real server is; commits do not wait for it, as SQLite's (WAL, synchronous = NORMAL) do not.
  const server = process.env.BENCH_DATABASE_URL ? undefined : await startLocalPostgres({ flush: true });
  const baseUrl = process.env.BENCH_DATABASE_URL ?? server?.url ?? '';
  const bursts: Record<'sqlite' | 'postgres', BurstFigures[]> = { sqlite: [], postgres: [] };
  try {
    for (let round = 0; round < rounds; round += 1) {
      for (const engine of ['sqlite', 'postgres'] as const) {
        const databaseUrl = engine === 'postgres' ? await freshPostgresDatabase(baseUrl, `tutor_bench_${process.pid}_${round}`) : undefined;
        const running = await launch('ours', { databaseUrl });
        try {
          await warmUpForBurst(running, 'ours', warmUpCount);
          bursts[engine].push(await answerBurst(running, 'ours', members));
        } finally {
          await running.shutdown();
        }
      }
    }
  } finally {
    server?.stop();
  }
  const of = (engine: 'sqlite' | 'postgres', pick: (figures: BurstFigures) => number) => bursts[engine].map(pick);
  console.log(`
answer burst by engine: ${members.toLocaleString('en')} members answering one live question within one second, each clicking twice, our bot, after ${warmUpCount.toLocaleString('en')} answers to warm up; medians of ${rounds} rounds [min–max]; load average now ${load()}`);
  console.log(`${''.padEnd(34)}${'SQLite'.padStart(24)}${'Postgres'.padStart(24)}`);
  const engineRow = (label: string, pick: (figures: BurstFigures) => number, digits: number) => console.log(`${label.padEnd(34)}${withSpread(of('sqlite', pick), digits)}${withSpread(of('postgres', pick), digits)}`);
  engineRow('  ack p50 ms', (b) => b.p50, 1);
  engineRow('  ack p99 ms', (b) => b.p99, 1);
  engineRow('  ack max ms', (b) => b.max, 1);
  engineRow('  clicks acknowledged after 3 s', (b) => b.late, 0);
  engineRow('  CPU per click ms (bot process)', (b) => b.cpuPerClickMs, 3);
  engineRow("  /lesson's longest wait, quiz stop", (b) => b.finishDelayMs, 1);
  console.log(`  answers counted (from the database): SQLite ${of('sqlite', (b) => b.counted).join(', ')}; Postgres ${of('postgres', (b) => b.counted).join(', ')} of ${members} each round`);
}
removeWarmCache();

if (runs('leaderboard')) {
  const rows = Number(process.env.BENCH_BOARD_ROWS ?? 1_000_000);
  const members = 5_000;
  const { seedMs, seededFrom, figures } = await leaderboardQueries(rows, members, 7);
  console.log(`\nleaderboard queries: ${rows.toLocaleString('en')} scored answers from ${members.toLocaleString('en')} members in one server (${seededFrom} in ${(seedMs / 1000).toFixed(1)} s); medians of 7`);
  for (const figure of figures) {
    const rank = Number.isNaN(figure.rank) ? '   (page, size and caller in one query)' : `   member's rank ${cell(figure.rank, 2).padStart(7)} ms`;
    console.log(`${figure.label.padEnd(16)} top 10 ${cell(figure.top10, 2).padStart(7)} ms${rank}`);
  }
  const progress = await progressReads(rows, members, 7);
  console.log(
    `/progress on a server of ${rows.toLocaleString('en')} quiz answers in ${progress.quizzes.toLocaleString('en')} quizzes, and ${progress.readers.toLocaleString('en')} members ` +
      `who opened ${progress.lessonsOpened} lessons each and were active on ${progress.activeDays} days, medians of 7: a member's quiz accuracy ` +
      `${cell(progress.typicalMs, 2)} ms (the keenest member's ${cell(progress.keenMs, 2)} ms); the moderators' server view ${cell(progress.serverMs, 2)} ms`,
  );
  // The transaction holds the event loop (SQLite is synchronous): it must grow with the answers, not with players × answers.
  console.log('scoring a finished quiz (its entries, scored answers and roll-ups, one transaction): CPU, median [min–max]');
  const finishes: [players: number, rounds: number][] = [[100, 15], [1_000, 5], [4_000, 3]];
  let perAnswerAtFirst = Number.NaN;
  for (const [players, finishRounds] of finishes) {
    const finish = await finishCost(players, 10, finishRounds);
    const perAnswerUs = (finish.medianMs * 1000) / (players * 10);
    perAnswerAtFirst = Number.isNaN(perAnswerAtFirst) ? perAnswerUs : perAnswerAtFirst;
    console.log(
      `  ${players.toLocaleString('en').padStart(5)} players x 10 questions: ${cell(finish.medianMs).padStart(7)} ms [${cell(finish.minMs)}–${cell(finish.maxMs)}] of ${finishRounds}; ` +
        `${cell(perAnswerUs, 2)} µs per answer, ${cell(perAnswerUs / perAnswerAtFirst, 2)}× the smallest's (flat is 1)`,
    );
  }
}

if (runs('tokens')) {
  const tokenRounds = Number(process.env.BENCH_TOKEN_ROUNDS ?? 21);
  const figures = tokenInspectionFigures(tokenRounds);
  console.log(`\ntoken inspection: each worst-case family of 16 KiB pastes inspected and rendered, ${tokenRounds} rounds (target: under 10 ms each)`);
  console.log(`${'family'.padEnd(30)}${'bytes'.padStart(8)}${'median ms'.padStart(11)}${'max ms'.padStart(9)}`);
  for (const figure of figures) console.log(`${figure.family.padEnd(30)}${String(figure.bytes).padStart(8)}${cell(figure.medianMs, 2).padStart(11)}${cell(figure.maxMs, 2).padStart(9)}`);
  const worst = figures.reduce((a, b) => (b.medianMs > a.medianMs ? b : a));
  console.log(`worst family by median: ${worst.family}, ${worst.medianMs.toFixed(2)} ms per 16 KiB paste`);
}

if (runs('content')) {
  const contentRounds = Number(process.env.BENCH_CONTENT_ROUNDS ?? 7);
  const warmRepeats = Number(process.env.BENCH_CONTENT_WARM ?? 5);
  const lessonCount = Number(process.env.BENCH_CONTENT_LESSONS ?? 202);
  console.log(`\n${(await contentLoadReport(contentRounds, warmRepeats, lessonCount)).join('\n')}`);
}
