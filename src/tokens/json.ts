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
 * is JSON. JSON.stringify recurses, so a payload of thousands of nested arrays could overflow the
 * stack: that becomes a placeholder, not a crash.
 */
export function displayValue(value: unknown, maxChars = MAX_VALUE_CHARS): string {
  if (typeof value === 'string') return truncate(value, maxChars);
  try {
    return truncate(JSON.stringify(value) ?? String(value), maxChars);
  } catch {
    return '(too deeply nested to show)';
  }
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
