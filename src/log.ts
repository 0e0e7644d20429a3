import { pino, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';

export type { Logger };

/**
 * Paths pino blanks out. Interaction tokens let anyone answer as the bot for 15 minutes,
 * so they are secrets too, like the bot token and any Authorization header.
 */
const redactedPaths = [
  'token',
  '*.token',
  'authorization',
  'Authorization',
  '*.authorization',
  '*.Authorization',
  'headers.authorization',
  '*.headers.authorization',
  'discordToken',
  '*.discordToken',
];

export interface LoggerOptions {
  level: LevelWithSilent;
  /** Exact strings that must never be written, whatever field or message they hide in. */
  secrets: readonly string[];
  destination?: DestinationStream | NodeJS.WritableStream;
}

export function createLogger({ level, secrets, destination = process.stdout }: LoggerOptions): Logger {
  const output = scrubbing(destination === process.stdout ? batchedStdout() : destination, secrets);
  const log = pino({
    base: { app: 'tutor-bot' },
    // ISO 8601 in UTC ("2026-11-29T21:30:00.000Z"): readable by people and by every log shipper.
    timestamp: pino.stdTimeFunctions.isoTime,
    level,
    redact: { paths: redactedPaths, censor: '[redacted]' },
    serializers: { err: withoutUserContent, error: withoutUserContent },
  }, output);
  ownOutputs.add(output);
  return log;
}

/** The writers createLogger made: a logger writing to one of them has no options but those above. */
const ownOutputs = new WeakSet<object>();

/**
 * The one line per interaction, as pino would write it. Its fields are fixed (ids, a command
 * name, an outcome word and a number) and cannot hold a secret, so for our own loggers it is
 * written by hand, without the redaction walk and pino's general-purpose serialiser, which cost
 * more than the rest of the interaction's logging; the scrub of the written text still applies.
 */
export function logInteraction(log: Logger, level: 'info' | 'debug', fields: InteractionLogFields, outcome: string, durationMs: number): void {
  if (!log.isLevelEnabled(level)) return;
  const loggerFields = log as unknown as Record<symbol, unknown>;
  const output = loggerFields[pino.symbols.streamSym] as DestinationStream | undefined;
  if (!output || !ownOutputs.has(output)) {
    log[level]({ ...fields, outcome, durationMs }, 'interaction handled');
    return;
  }
  // The logger's own bindings as pino writes them: base fields, then a child's (a shard id).
  const bindings = loggerFields[pino.symbols.chindingsSym] as string;
  const guildId = fields.guildId === null ? 'null' : JSON.stringify(fields.guildId);
  output.write(
    `{"level":${log.levels.values[level]},"time":"${isoTimeNow()}"${bindings},"interactionId":${JSON.stringify(fields.interactionId)},"guildId":${guildId},` +
      `"userId":${JSON.stringify(fields.userId)},"command":${JSON.stringify(fields.command)},"outcome":${JSON.stringify(outcome)},"durationMs":${durationMs},"msg":"interaction handled"}\n`,
  );
}

/** The time as pino's isoTime writes it; the date part made once a second, not a Date per line. */
let currentSecond = -1;
let currentSecondText = '';
function isoTimeNow(): string {
  const now = Date.now();
  const second = Math.floor(now / 1000);
  if (second !== currentSecond) {
    currentSecond = second;
    currentSecondText = new Date(second * 1000).toISOString().slice(0, 20);
  }
  const ms = now - second * 1000;
  return `${currentSecondText}${ms < 10 ? '00' : ms < 100 ? '0' : ''}${ms}Z`;
}

/**
 * Standard output written once per turn of the event loop rather than once per line: a write to
 * a pipe is a system call, and a busy bot logs a line per interaction. Only once the bot serves
 * (startLogBatches): until then each line is written at once, so a start-up failure said on
 * standard error comes after the lines that led to it. What waits is written on exit too; a
 * kill -9 loses at most the lines of the current turn.
 */
let batching = false;
export function startLogBatches(): void {
  batching = true;
}

let stdoutBatch: DestinationStream | undefined;
function batchedStdout(): DestinationStream {
  return (stdoutBatch ??= stdoutInBatches());
}

function stdoutInBatches(): DestinationStream {
  let waiting = '';
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (waiting === '') return;
    const text = waiting;
    waiting = '';
    process.stdout.write(text);
  };
  process.on('exit', flush);
  return {
    write(line: string) {
      if (!batching) {
        process.stdout.write(line);
        return;
      }
      waiting += line;
      if (waiting.length >= 64 * 1024) flush();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
  };
}

/**
 * Fields of an error that hold what was being sent or shown: discord.js puts the whole request
 * (`requestBody`: the reply's embeds, so decoded claims and any secret in them) on every
 * DiscordAPIError and HTTPError. Status, code, method, route and Discord's own error text stay.
 */
const USER_CONTENT_FIELDS = new Set(['requestBody', 'body', 'rawBody', 'json', 'files', 'content', 'embeds', 'components', 'data', 'attachments']);

/** Nested errors (cause, AggregateError's errors) are serialised by pino as plain objects: walked to a fixed depth. */
const MAX_ERROR_DEPTH = 8;

export function withoutUserContent(error: unknown): unknown {
  const serialised = error instanceof Error ? pino.stdSerializers.err(error) : error;
  return stripped(serialised, 0);
}

function stripped(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_ERROR_DEPTH) return '[nested too deep]';
  if (value instanceof Error) return stripped(pino.stdSerializers.err(value), depth);
  if (Array.isArray(value)) return value.map((item) => stripped(item, depth + 1));
  // fromEntries, not assignment: a field called "__proto__" stays a field.
  return Object.fromEntries(
    Object.entries(value).map(([key, field]) => [key, USER_CONTENT_FIELDS.has(key) ? '[removed: user content]' : stripped(field, depth + 1)]),
  );
}

/** Interaction and webhook tokens ride in URLs that libraries put into error messages. */
const tokenInUrl = /(\/(?:interactions|webhooks)\/\d+\/)[\w.-]{20,}/g;

/**
 * Field redaction cannot catch a secret inside a message or an error text (a library may
 * echo a URL or header), so every line is also scrubbed on its way out. A plain writer rather
 * than a stream: a line per interaction should cost a scan, not a stream's buffering and ticks.
 */
function scrubbing(destination: DestinationStream | NodeJS.WritableStream, secrets: readonly string[]): DestinationStream {
  const needles = secrets.filter((secret) => secret.length >= 8);
  return {
    write(chunk: string) {
      let line = chunk;
      if (line.includes('/interactions/') || line.includes('/webhooks/')) line = line.replace(tokenInUrl, '$1[redacted]');
      for (const needle of needles) if (line.includes(needle)) line = line.split(needle).join('[redacted]');
      destination.write(line);
    },
  };
}

export interface InteractionLogFields {
  interactionId: string;
  guildId: string | null;
  userId: string;
  command: string;
}

/** A logger that carries the interaction's fields, made on first use: most interactions never log more than their one line. */
export function lazyInteractionLogger(log: Logger, fields: InteractionLogFields): () => Logger {
  let child: Logger | undefined;
  return () => (child ??= log.child(fields));
}
