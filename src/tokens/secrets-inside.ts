import type { JsonObject, JsonValue } from './json.js';
import { locateSecrets, type SecretFinding } from './secrets.js';

/** Where in a decoded token a secret sits: the top-level name it is under (masked itself if need be). */
export interface InsideWhere {
  section: 'header' | 'claim' | 'payload';
  name: string | undefined;
  /** Deeper than the top-level value: inside an object or array under `name`. */
  nested: boolean;
}

/** A known secret found inside a decoded token, and where. */
export interface InsideSecret extends SecretFinding {
  where: InsideWhere;
}

/** 'the claim "gh"', 'the header "kid"', 'the payload': plain words for a sentence. */
export function describeWhere(where: InsideWhere): string {
  if (where.name === undefined) return `the ${where.section}${where.section === 'claim' ? ' names' : ''}`;
  return `the ${where.section} "${where.name}"${where.nested ? ' (nested inside it)' : ''}`;
}

export interface Masked<T> {
  value: T;
  found: InsideSecret[];
}

/** No family's secret is shorter than this, labels included ("Basic " and 4 characters). */
const SHORTEST_SECRET = 8;

/** Each secret in `text` replaced by its masked form (prefix and a short tail, as for a paste). */
export function maskText(text: string, where: InsideWhere): Masked<string> {
  if (text.length < SHORTEST_SECRET) return { value: text, found: [] };
  const located = locateSecrets(text);
  return { value: spliceMasks(text, located, 0), found: located.map(({ finding }) => ({ ...finding, where })) };
}

function spliceMasks(text: string, located: readonly { start: number; end: number; finding: SecretFinding }[], offset: number): string {
  let out = '';
  let at = 0;
  for (const { start, end, finding } of located) {
    out += text.slice(at, start - offset) + finding.masked;
    at = end - offset;
  }
  return out + text.slice(at);
}

/** One string of a decoded JSON document: a key or a value, under the top-level name it sits in. */
interface Visit {
  value: JsonValue;
  /** The key it is stored under, when its parent is an object: "client_secret: …" labels a secret. */
  key: string | undefined;
  top: string | undefined;
  nested: boolean;
}

/**
 * Every string in a decoded header or claims set, keys included, scanned for known secrets; the
 * returned copy has them masked. Iterative, so a document thousands of levels deep cannot
 * overflow the stack; when nothing is found the original is returned as it is.
 */
export function maskJson(root: JsonValue, section: 'header' | 'claim' | 'payload'): Masked<JsonValue> {
  const replacements = new Map<string, string>();
  const found: InsideSecret[] = [];
  const where = (visit: Visit): InsideWhere => ({ section, name: visit.top, nested: visit.nested });
  const note = (original: string, masked: Masked<string>) => {
    if (masked.found.length === 0) return;
    replacements.set(original, masked.value);
    found.push(...masked.found);
  };

  const stack: Visit[] = [{ value: root, key: undefined, top: undefined, nested: false }];
  while (stack.length > 0) {
    const visit = stack.pop() as Visit;
    const { value } = visit;
    if (typeof value === 'string') {
      note(value, maskLabelled(value, visit.key, where(visit)));
    } else if (Array.isArray(value)) {
      // Pushed last to first, so they are visited (and reported) in document order.
      for (let index = value.length - 1; index >= 0; index--) {
        stack.push({ value: value[index] as JsonValue, key: undefined, top: visit.top, nested: visit.top !== undefined });
      }
    } else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value).reverse()) {
        note(key, maskText(key, where({ ...visit, nested: visit.top !== undefined })));
        // The name shown for where a secret sits must not be a secret itself.
        const shownKey = replacements.get(key) ?? key;
        stack.push({ value: child, key, top: visit.top ?? shownKey, nested: visit.top !== undefined });
      }
    }
  }
  return { value: found.length === 0 ? root : copyReplacing(root, replacements), found };
}

/** "client_secret: …" and "authorization: Basic …" are secrets by their label: scan key and value as one line. */
function maskLabelled(value: string, key: string | undefined, where: InsideWhere): Masked<string> {
  if (key === undefined) return maskText(value, where);
  const prefix = `${key}: `;
  const line = prefix + value;
  if (line.length < SHORTEST_SECRET) return { value, found: [] };
  const located = locateSecrets(line).filter((entry) => entry.start >= prefix.length);
  return { value: spliceMasks(value, located, prefix.length), found: located.map(({ finding }) => ({ ...finding, where })) };
}

function copyReplacing(root: JsonValue, replacements: ReadonlyMap<string, string>): JsonValue {
  const swap = (text: string) => replacements.get(text) ?? text;
  const pending: [JsonValue[] | JsonObject, JsonValue[] | JsonObject][] = [];
  const place = (value: JsonValue): JsonValue => {
    if (typeof value === 'string') return swap(value);
    if (value === null || typeof value !== 'object') return value;
    const copy: JsonValue[] | JsonObject = Array.isArray(value) ? [] : {};
    pending.push([value, copy]);
    return copy;
  };
  const copied = place(root);
  while (pending.length > 0) {
    const [source, target] = pending.pop() as [JsonValue[] | JsonObject, JsonValue[] | JsonObject];
    if (Array.isArray(source)) {
      for (const item of source) (target as JsonValue[]).push(place(item));
    } else {
      // defineProperty, not assignment: a key called "__proto__" stays a plain key.
      for (const [key, child] of Object.entries(source)) {
        Object.defineProperty(target, swap(key), { value: place(child), enumerable: true, writable: true, configurable: true });
      }
    }
  }
  return copied;
}
