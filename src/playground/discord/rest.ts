import type { IncomingMessage, ServerResponse } from 'node:http';
import { discordError, readBody, sendReply, type Reply } from './http.js';
import type { RecordedFile, RecordedRequest, RouteMatcher } from './types.js';
import type { ChangeFeed } from './waiting.js';

export interface RouteContext {
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
  files: RecordedFile[];
}

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Below /api/v10; `:name` matches one path segment. */
  path: string;
  /** Interaction callbacks and interaction webhooks are called without a bot token. */
  auth: boolean;
  handle(ctx: RouteContext): Reply;
}

const API_PREFIX = '/api/v10';

/** One-shot 429s for `fake.rateLimitNext`. */
export class RateLimiter {
  private readonly rules: { matcher: RouteMatcher; retryAfter: number }[] = [];

  add(matcher: RouteMatcher, retryAfterSeconds: number): void {
    this.rules.push({ matcher, retryAfter: retryAfterSeconds });
  }

  take(request: RecordedRequest): Reply | null {
    const index = this.rules.findIndex((rule) => matches(rule.matcher, request));
    if (index === -1) return null;
    const { retryAfter } = this.rules.splice(index, 1)[0]!;
    // The headers @discordjs/rest reads; it sleeps Retry-After seconds and retries.
    return {
      status: 429,
      headers: {
        'Retry-After': String(retryAfter),
        'X-RateLimit-Limit': '5',
        'X-RateLimit-Remaining': '0',
        'X-RateLimit-Reset': ((Date.now() + retryAfter * 1000) / 1000).toFixed(3),
        'X-RateLimit-Reset-After': retryAfter.toFixed(3),
        'X-RateLimit-Bucket': 'local-discord-limited',
        'X-RateLimit-Scope': 'user',
      },
      body: { message: 'You are being rate limited.', retry_after: retryAfter, global: false },
    };
  }
}

/**
 * Faults a test asks for: the next matching requests fail before anything happens (a 5xx, a
 * 403), or are carried out and then never answered (a process killed mid-request).
 */
export class Faults {
  private readonly failures: { matcher: RouteMatcher; reply: Reply; remaining: number }[] = [];
  private readonly holds: { matcher: RouteMatcher; remaining: number }[] = [];
  readonly held: ServerResponse[] = [];

  fail(matcher: RouteMatcher, reply: Reply, times: number): void {
    this.failures.push({ matcher, reply, remaining: times });
  }

  hold(matcher: RouteMatcher, times: number): void {
    this.holds.push({ matcher, remaining: times });
  }

  takeFailure(request: RecordedRequest): Reply | null {
    const rule = this.failures.find((candidate) => candidate.remaining > 0 && matches(candidate.matcher, request));
    if (!rule) return null;
    rule.remaining -= 1;
    return rule.reply;
  }

  takeHold(request: RecordedRequest): boolean {
    const rule = this.holds.find((candidate) => candidate.remaining > 0 && matches(candidate.matcher, request));
    if (!rule) return false;
    rule.remaining -= 1;
    return true;
  }
}

/** Standing delays for `fake.answerSlowly`: a busy Discord, or a slow network on the way. */
export class ResponseDelays {
  private readonly rules: { matcher: RouteMatcher; delayMs: number }[] = [];

  add(matcher: RouteMatcher, delayMs: number): void {
    this.rules.push({ matcher, delayMs });
  }

  for(request: RecordedRequest): number {
    return this.rules.find((rule) => matches(rule.matcher, request))?.delayMs ?? 0;
  }
}

/** A string matches `"METHOD /route"` or `"/route"` prefixes; a RegExp is tested against `"METHOD /route"`. */
function matches(matcher: RouteMatcher, request: RecordedRequest): boolean {
  const line = `${request.method} ${request.route ?? request.path}`;
  if (typeof matcher === 'function') return matcher(request);
  if (matcher instanceof RegExp) return matcher.test(line);
  return line.startsWith(matcher) || (request.route ?? request.path).startsWith(matcher);
}

export interface RestOptions {
  token: string;
  routes: Route[];
  requests: RecordedRequest[];
  rateLimits: RateLimiter;
  faults: Faults;
  delays: ResponseDelays;
  feed: ChangeFeed;
}

/** Records every request, then routes it like Discord: 404/405, 401, 429, invalid JSON, handler. */
export function createRestHandler(options: RestOptions) {
  let seq = 0;
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://fake');
    // Routes arrive percent-encoded (`%40original`); decode per segment so `/` stays a separator.
    const path = url.pathname.split('/').map(safeDecode).join('/');
    const parsed = await readBody(req);
    const request: RecordedRequest = {
      seq: ++seq,
      at: Date.now(),
      method: req.method ?? 'GET',
      path,
      route: path.startsWith(`${API_PREFIX}/`) ? path.slice(API_PREFIX.length) : null,
      query: Object.fromEntries(url.searchParams),
      headers: recordedHeaders(req),
      auth: authOf(req.headers.authorization, options.token),
      body: parsed.body,
      files: parsed.files,
      status: 0,
      matched: false,
    };
    options.requests.push(request);
    const delayMs = options.delays.for(request);
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    let reply: Reply;
    try {
      reply = route(options, request, parsed.invalidJson);
    } catch (error) {
      reply = discordError(500, `local-discord crashed: ${(error as Error).stack ?? String(error)}`, 0);
    }
    request.status = reply.status;
    if (request.matched && options.faults.takeHold(request)) {
      request.status = -1;
      options.faults.held.push(res);
      options.feed.notify();
      return;
    }
    options.feed.notify();
    sendReply(res, reply);
  };
}

function route(options: RestOptions, request: RecordedRequest, invalidJson: boolean): Reply {
  if (request.route === null) return discordError(404, '404: Not Found', 0);
  const candidates = options.routes
    .map((r) => ({ route: r, params: matchPath(r.path, request.route!) }))
    .filter((c): c is { route: Route; params: Record<string, string> } => c.params !== null);
  if (!candidates.length) return discordError(404, '404: Not Found', 0);
  const found = candidates.find((c) => c.route.method === request.method);
  if (!found) return discordError(405, '405: Method Not Allowed', 0);
  request.matched = true;
  if (found.route.auth && request.auth !== 'bot') return discordError(401, '401: Unauthorized', 0);
  const limited = options.rateLimits.take(request);
  if (limited) return limited;
  const failure = options.faults.takeFailure(request);
  if (failure) return failure;
  if (invalidJson) return discordError(400, 'The request body contains invalid JSON.', 50109);
  return found.route.handle({ params: found.params, query: request.query, body: request.body, files: request.files });
}

function matchPath(template: string, actual: string): Record<string, string> | null {
  const want = template.split('/');
  const got = actual.split('/');
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (const [i, segment] of want.entries()) {
    if (segment.startsWith(':')) params[segment.slice(1)] = got[i]!;
    else if (segment !== got[i]) return null;
  }
  return params;
}

function authOf(header: string | undefined, token: string): RecordedRequest['auth'] {
  if (!header) return 'none';
  return header === `Bot ${token}` ? 'bot' : 'invalid';
}

function recordedHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (name === 'authorization' || value === undefined) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
