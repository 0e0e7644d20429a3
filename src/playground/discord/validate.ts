import type { DiscordErrorBody } from './types.js';

/**
 * A subset of Discord's payload limits, answered with the same 50035 "Invalid Form Body"
 * shape Discord uses (discord.js turns the `errors` tree into a readable message).
 * These are the limits bots actually trip over: long lesson text, too many buttons, ...
 */
type Problem = { path: (string | number)[]; code: string; message: string };

const IS_COMPONENTS_V2 = 1 << 15;

export function validateMessage(body: unknown, prefix: string[] = []): DiscordErrorBody | null {
  const problems: Problem[] = [];
  if (!body || typeof body !== 'object') return null;
  const msg = body as Record<string, unknown>;
  maxLength(problems, ['content'], msg['content'], 2000);
  if (Array.isArray(msg['embeds'])) checkEmbeds(problems, msg['embeds']);
  const v2 = typeof msg['flags'] === 'number' && (msg['flags'] & IS_COMPONENTS_V2) !== 0;
  if (Array.isArray(msg['components']) && !v2) checkActionRows(problems, msg['components']);
  return toError(problems.map((p) => ({ ...p, path: [...prefix, ...p.path] })));
}

export function validateChoices(data: unknown): DiscordErrorBody | null {
  const problems: Problem[] = [];
  const choices = (data as { choices?: unknown } | undefined)?.choices;
  if (Array.isArray(choices)) {
    if (choices.length > 25) problems.push(tooMany(['data', 'choices'], 25));
    choices.forEach((choice: { name?: unknown; value?: unknown }, i) => {
      maxLength(problems, ['data', 'choices', i, 'name'], choice.name, 100);
      if (typeof choice.value === 'string') maxLength(problems, ['data', 'choices', i, 'value'], choice.value, 100);
    });
  }
  return toError(problems);
}

export function invalidFormBody(path: (string | number)[], code: string, message: string): DiscordErrorBody {
  return toError([{ path, code, message }])!;
}

function checkEmbeds(problems: Problem[], embeds: Record<string, unknown>[]): void {
  if (embeds.length > 10) problems.push(tooMany(['embeds'], 10));
  let total = 0;
  embeds.forEach((embed, i) => {
    total += maxLength(problems, ['embeds', i, 'title'], embed['title'], 256);
    total += maxLength(problems, ['embeds', i, 'description'], embed['description'], 4096);
    const footer = embed['footer'] as { text?: unknown } | undefined;
    total += maxLength(problems, ['embeds', i, 'footer', 'text'], footer?.text, 2048);
    const author = embed['author'] as { name?: unknown } | undefined;
    total += maxLength(problems, ['embeds', i, 'author', 'name'], author?.name, 256);
    const fields = Array.isArray(embed['fields']) ? (embed['fields'] as Record<string, unknown>[]) : [];
    if (fields.length > 25) problems.push(tooMany(['embeds', i, 'fields'], 25));
    fields.forEach((field, j) => {
      total += maxLength(problems, ['embeds', i, 'fields', j, 'name'], field['name'], 256);
      total += maxLength(problems, ['embeds', i, 'fields', j, 'value'], field['value'], 1024);
    });
  });
  if (total > 6000) {
    problems.push({ path: ['embeds'], code: 'MAX_EMBED_SIZE_EXCEEDED', message: 'Embed size exceeds maximum size of 6000' });
  }
}

function checkActionRows(problems: Problem[], rows: Record<string, unknown>[]): void {
  if (rows.length > 5) problems.push(tooMany(['components'], 5));
  rows.forEach((row, i) => {
    const children = Array.isArray(row['components']) ? (row['components'] as Record<string, unknown>[]) : [];
    if (children.length > 5) problems.push(tooMany(['components', i, 'components'], 5));
    const customIds = new Set<unknown>();
    children.forEach((child, j) => {
      const path = ['components', i, 'components', j];
      maxLength(problems, [...path, 'custom_id'], child['custom_id'], 100);
      maxLength(problems, [...path, 'label'], child['label'], 80);
      if (child['custom_id'] !== undefined && customIds.has(child['custom_id'])) {
        const message = 'Component custom id cannot be duplicated';
        problems.push({ path: [...path, 'custom_id'], code: 'COMPONENT_CUSTOM_ID_DUPLICATED', message });
      }
      customIds.add(child['custom_id']);
      if (Array.isArray(child['options']) && child['options'].length > 25) problems.push(tooMany([...path, 'options'], 25));
    });
  });
}

/** Returns the string's length (for embed totals) after recording a problem if it is too long. */
function maxLength(problems: Problem[], path: (string | number)[], value: unknown, max: number): number {
  if (typeof value !== 'string') return 0;
  if (value.length > max) {
    problems.push({ path, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${max} or fewer in length.` });
  }
  return value.length;
}

function tooMany(path: (string | number)[], max: number): Problem {
  return { path, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${max} or fewer in length.` };
}

function toError(problems: Problem[]): DiscordErrorBody | null {
  if (!problems.length) return null;
  const errors: Record<string, unknown> = {};
  for (const problem of problems) {
    let node = errors;
    for (const key of problem.path) node = (node[String(key)] ??= {}) as Record<string, unknown>;
    ((node['_errors'] ??= []) as unknown[]).push({ code: problem.code, message: problem.message });
  }
  return { message: 'Invalid Form Body', code: 50035, errors };
}
