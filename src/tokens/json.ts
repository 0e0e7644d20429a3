import { MAX_VALUE_CHARS } from './limits.js';

export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export type ParsedJson = { ok: true; value: JsonValue } | { ok: false };

export function parseJson(text: string): ParsedJson {
  try {
    return { ok: true, value: JSON.parse(text) as JsonValue };
  } catch {
    return { ok: false };
  }
}

/**
 * One line of text for any decoded value. Strings stay as they are (no quotes), everything else
 * is JSON, written only as far as it will be shown: JSON.stringify would write all of a 12 KB
 * claim to keep 200 characters, and overflow the stack on thousands of nested arrays.
 */
export function displayValue(value: unknown, maxChars = MAX_VALUE_CHARS): string {
  if (typeof value === 'string') return truncate(value, maxChars);
  return truncate(jsonPrefix(value as JsonValue, maxChars + 1), maxChars);
}

/** JSON.stringify's output for a parsed JSON value, stopped once `limit` characters are written. Iterative. */
export function jsonPrefix(value: JsonValue, limit: number): string {
  let out = '';
  // Literal text to write, or a value still to serialise; popped last-in first-out.
  const pending: ({ text: string } | { value: JsonValue })[] = [{ value }];
  while (pending.length > 0 && out.length < limit) {
    const next = pending.pop() as { text: string } | { value: JsonValue };
    if ('text' in next) {
      out += next.text;
      continue;
    }
    const current = next.value;
    if (current === null || typeof current !== 'object') {
      out += JSON.stringify(current) ?? 'null';
    } else if (Array.isArray(current)) {
      out += '[';
      pending.push({ text: ']' });
      for (let index = current.length - 1; index >= 0; index--) {
        pending.push({ value: current[index] as JsonValue });
        if (index > 0) pending.push({ text: ',' });
      }
    } else {
      out += '{';
      pending.push({ text: '}' });
      const entries = Object.entries(current);
      for (let index = entries.length - 1; index >= 0; index--) {
        const [key, child] = entries[index] as [string, JsonValue];
        pending.push({ value: child }, { text: `${JSON.stringify(key)}:` });
        if (index > 0) pending.push({ text: ',' });
      }
    }
  }
  return out.slice(0, limit);
}

export function truncate(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  // Never cut a surrogate pair in half: the Discord side would show a replacement character.
  let end = maxChars - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

/** A member's own value only: `claims.constructor` must not find Object's constructor. */
export function own(object: JsonObject, name: string): JsonValue | undefined {
  return Object.hasOwn(object, name) ? object[name] : undefined;
}
