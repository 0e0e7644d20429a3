import { MAX_INPUT_BYTES } from '../../tokens/limits.js';

/**
 * Inputs built to hurt a token extractor: each family repeats what one step reacts to (a dot,
 * a separator, a prefix, a quote…) until the paste is as large as the inspector accepts. A
 * quadratic step shows up as seconds here; `npm run bench -- tokens` times each family.
 */
export interface WorstCase {
  family: string;
  input: string;
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** `unit` repeated, plus `tail`, to just under the byte limit (units are ASCII unless noted). */
export function fill(unit: string, tail = '', bytesPerUnit = Buffer.byteLength(unit)): string {
  const room = MAX_INPUT_BYTES - Buffer.byteLength(tail);
  return unit.repeat(Math.floor(room / bytesPerUnit)) + tail;
}

/** A JWT whose payload is the JSON text given (built as text: JSON.stringify would overflow on deep nesting). */
const jwt = (json: string) => `${b64({ alg: 'HS256' })}.${Buffer.from(json).toString('base64url')}.c2ln`;

/** The largest JSON that still fits once base64url-encoded (4 characters per 3 bytes). */
const payloadRoom = Math.floor(((MAX_INPUT_BYTES - 40) * 3) / 4);

export const WORST_CASES: readonly WorstCase[] = [
  { family: 'trailing dots', input: `a${fill('.', '').slice(1)}` },
  { family: 'dot-separated letters', input: fill('a.') },
  { family: 'separators', input: fill('.-_~+/=') },
  { family: 'Bearer prefixes', input: fill('Bearer ') },
  { family: 'Bearer and one long run', input: `Bearer ${fill('A', '').slice(7)}` },
  { family: 'Authorization headers', input: fill('Authorization: Basic QUJD\n') },
  { family: 'quotes', input: fill('"') },
  { family: 'JSON token fields', input: fill('"id_token":"') },
  { family: 'URL parameters', input: fill('&code=') },
  { family: 'base64 run', input: fill('A') },
  { family: 'eyJ and dots', input: fill('eyJ.') },
  { family: 'look-alike dots', input: fill('\uFF0E', '', 3) },
  { family: 'look-alike dashes in a run', input: fill('a\u2014', '', 4) },
  { family: 'zero-width characters', input: fill('\u200B', 'x', 3) },
  { family: 'short wrapped lines', input: fill('a\n') },
  { family: 'backticks and spoilers', input: fill('`||') },
  { family: 'secret prefixes', input: fill('ghp_ sk-ant- AKIA xoxb-1 ya29. ') },
  { family: 'many AWS key ids', input: fill('AKIAABCDEFGHIJKLMNOP ') },
  { family: 'private key headers', input: fill('-----BEGIN PRIVATE KEY-----\n') },
  { family: 'JWT with deep nesting', input: jwt(`{"a":${'['.repeat(payloadRoom / 2 - 8)}${']'.repeat(payloadRoom / 2 - 8)}}`) },
  { family: 'JWT with many claims', input: jwt(JSON.stringify(Object.fromEntries(Array.from({ length: Math.floor(payloadRoom / 28) }, (_, i) => [`c${i}`, `value-${i}-xxxxxxxx`])))) },
  { family: 'many JWTs on lines', input: fill(`${jwt('{"sub":"x"}')}\n`) },
];
