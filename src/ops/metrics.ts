import { DiscordAPIError, Events, RESTJSONErrorCodes, type Client } from 'discord.js';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { AppError } from '../errors.js';
import type { QuizStore } from '../store/quiz-store.js';
import { isStoreBusy, type Store } from '../store/store.js';

/**
 * The bot's Prometheus metrics. One registry per process: the router and the store wrapper
 * count into it whether or not the listener is on (a few additions per interaction), and
 * /metrics renders it. Labels are command names and fixed words, never ids or user content.
 */
export const registry = new Registry();

export const metrics = {
  interactions: new Counter({
    name: 'tutor_interactions_total',
    help: 'Interactions handled, by command (or component route) and outcome: ok, refused, busy, failed, elsewhere (answered by another process).',
    labelNames: ['command', 'outcome'] as const,
    registers: [registry],
  }),
  interactionSeconds: new Histogram({
    name: 'tutor_interaction_duration_seconds',
    help: 'Time from receiving an interaction to having answered it, by command.',
    labelNames: ['command'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  }),
  answers: new Counter({
    name: 'tutor_quiz_answers_total',
    help: 'Quiz answers by what the store did with them: recorded, duplicate, closed, not-a-player.',
    labelNames: ['status'] as const,
    registers: [registry],
  }),
  rest429: new Counter({
    name: 'tutor_discord_rest_429_total',
    help: 'Responses from Discord REST with status 429 (rate limited).',
    registers: [registry],
  }),
  gatewayReconnects: new Counter({
    name: 'tutor_gateway_reconnects_total',
    help: 'Times the gateway connection closed and the client reconnected or resumed.',
    registers: [registry],
  }),
  databaseBusy: new Counter({
    name: 'tutor_database_busy_total',
    help: 'Store calls that failed because another connection held the SQLite lock (SQLITE_BUSY or SQLITE_LOCKED).',
    registers: [registry],
  }),
};

let defaultsCollected = false;
/** Process metrics (CPU, memory, event-loop lag as nodejs_eventloop_lag_seconds...), once per process. */
export function collectProcessMetrics(): void {
  if (defaultsCollected) return;
  defaultsCollected = true;
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });
}

/**
 * Live quizzes: read from the store at scrape time, so it is right after a restart too. A shard
 * counts only its own guilds' quizzes (`owns`), so the shards' figures add up to the bot's.
 */
export function watchLiveQuizzes(store: Pick<Store, 'quizzes'>, owns: (guildId: string) => boolean = () => true): void {
  registry.removeSingleMetric('tutor_live_quizzes');
  new Gauge({
    name: 'tutor_live_quizzes',
    help: 'Competitions and practice runs in progress (lobbies included).',
    registers: [registry],
    async collect() {
      try {
        this.set((await store.quizzes.runningSessions()).filter((session) => owns(session.guildId)).length);
      } catch {
        // A locked database: keep the last value rather than fail the scrape.
      }
    },
  });
}

export type InteractionOutcome = 'ok' | 'refused' | 'busy' | 'failed' | 'elsewhere';

export function outcomeOf(error: unknown): InteractionOutcome {
  if (error instanceof AppError) return error.code === 'store.busy' ? 'busy' : 'refused';
  if (isStoreBusy(error)) return 'busy';
  // An unclaimed interaction (a lesson page) that another process answered first.
  if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged) return 'elsewhere';
  return 'failed';
}

/** One handled interaction: counted, timed, and the duration returned for the log line. */
export function observeInteraction(command: string, outcome: InteractionOutcome, startedAt: number): number {
  const seconds = (performance.now() - startedAt) / 1000;
  countedAs(command, outcome).inc();
  timedAs(command).observe(seconds);
  return Math.round(seconds * 1000);
}

/** Each label set's child metric, looked up once: there are a few dozen commands and five outcomes. */
const counters = new Map<string, ReturnType<typeof metrics.interactions.labels>>();
const timers = new Map<string, ReturnType<typeof metrics.interactionSeconds.labels>>();
function countedAs(command: string, outcome: InteractionOutcome) {
  const key = `${command} ${outcome}`;
  let counter = counters.get(key);
  if (!counter) counters.set(key, (counter = metrics.interactions.labels({ command, outcome })));
  return counter;
}
function timedAs(command: string) {
  let timer = timers.get(command);
  if (!timer) timers.set(command, (timer = metrics.interactionSeconds.labels({ command })));
  return timer;
}

/** REST 429s and gateway reconnects of a running client. */
export function watchClient(client: Client): void {
  client.rest.on('response', (_request, response) => {
    if (response.status === 429) metrics.rest429.inc();
  });
  client.on(Events.ShardReconnecting, () => metrics.gatewayReconnects.inc());
}

/**
 * The store as the bot uses it, counting busy errors from every call (interactions, timers,
 * reminders) and what became of each quiz answer. Behaviour is unchanged: errors rethrow.
 */
export function instrumentStore<S extends Store>(store: S): S {
  const quizzes = counting<QuizStore>(store.quizzes, (method, result) => {
    if (method === 'recordAnswer') metrics.answers.inc({ status: (result as { status: string }).status });
  });
  const parts: Record<string | symbol, unknown> = { quizzes, leaderboard: counting(store.leaderboard), reviews: counting(store.reviews) };
  return new Proxy(counting(store), {
    get: (object, property, receiver) => (property in parts ? parts[property] : Reflect.get(object, property, receiver)),
  });
}

/**
 * A view of `target` whose methods count busy errors. Each method's wrapper is made once, on
 * first use, and kept: a store call per interaction allocates nothing here.
 */
function counting<T extends object>(target: T, onResult?: (method: string | symbol, result: unknown) => void): T {
  const wrappers = new Map<string | symbol, unknown>();
  return new Proxy(target, {
    get(object, property) {
      const known = wrappers.get(property);
      if (known !== undefined) return known;
      const value: unknown = Reflect.get(object, property, object);
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => unknown;
      const countBusy = (error: unknown) => {
        if (isStoreBusy(error)) metrics.databaseBusy.inc();
        throw error;
      };
      // Store calls answer with promises: results and busy errors are counted when they settle.
      const wrapper = (...args: unknown[]) => {
        try {
          const result = method.apply(object, args);
          if (!(result instanceof Promise)) return result;
          return result.then((settled: unknown) => {
            onResult?.(property, settled);
            return settled;
          }, countBusy);
        } catch (error) {
          return countBusy(error);
        }
      };
      wrappers.set(property, wrapper);
      return wrapper;
    },
  });
}
