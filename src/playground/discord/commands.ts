import type { APIApplicationCommand } from 'discord.js';
import { snowflake } from './ids.js';
import { invalidFormBody } from './validate.js';
import type { DiscordErrorBody } from './types.js';

const NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
const CHAT_INPUT = 1;
const SUB_COMMAND = 1;
const SUB_COMMAND_GROUP = 2;

type RawCommand = Record<string, unknown> & { name?: unknown; type?: unknown };
type RawOption = Record<string, unknown>;

/**
 * Application commands per scope ("global" or a guild id). Ids survive an overwrite
 * for the same name and type, as on Discord, so ids a bot cached stay valid.
 */
export class CommandRegistry {
  private readonly scopes = new Map<string, APIApplicationCommand[]>();

  constructor(private readonly applicationId: string) {}

  list(guildId?: string): APIApplicationCommand[] {
    return [...(this.scopes.get(guildId ?? 'global') ?? [])];
  }

  /** Looks a command up the way Discord routes an invocation: guild commands shadow global ones. */
  find(name: string, guildId: string | null, type = CHAT_INPUT): APIApplicationCommand | undefined {
    const match = (c: APIApplicationCommand) => c.name === name && c.type === type;
    return (guildId ? this.list(guildId).find(match) : undefined) ?? this.list().find(match);
  }

  bulkOverwrite(body: unknown, guildId?: string): { commands?: APIApplicationCommand[]; error?: DiscordErrorBody } {
    if (!Array.isArray(body)) return { error: invalidFormBody([], 'BASE_TYPE_ARRAY', 'Must be an array.') };
    const error = validateCommands(body as RawCommand[]);
    if (error) return { error };
    const previous = this.list(guildId);
    const commands = (body as RawCommand[]).map((raw) => this.toStored(raw, previous, guildId));
    this.scopes.set(guildId ?? 'global', commands);
    return { commands };
  }

  upsert(body: unknown, guildId?: string): { command?: APIApplicationCommand; error?: DiscordErrorBody } {
    const error = validateCommands([body as RawCommand]);
    if (error) return { error };
    const previous = this.list(guildId);
    const command = this.toStored(body as RawCommand, previous, guildId);
    this.scopes.set(guildId ?? 'global', [...previous.filter((c) => c.id !== command.id), command]);
    return { command };
  }

  private toStored(raw: RawCommand, previous: APIApplicationCommand[], guildId?: string): APIApplicationCommand {
    const type = typeof raw.type === 'number' ? raw.type : CHAT_INPUT;
    const existing = previous.find((c) => c.name === raw.name && c.type === type);
    return {
      ...raw,
      id: existing?.id ?? snowflake(),
      application_id: this.applicationId,
      version: snowflake(),
      type,
      name: String(raw.name),
      description: typeof raw['description'] === 'string' ? raw['description'] : '',
      default_member_permissions: (raw['default_member_permissions'] as string | null | undefined) ?? null,
      nsfw: Boolean(raw['nsfw']),
      ...(guildId ? { guild_id: guildId } : {}),
    } as APIApplicationCommand;
  }
}

function validateCommands(commands: RawCommand[]): DiscordErrorBody | null {
  const seen = new Set<string>();
  for (const [index, command] of commands.entries()) {
    const type = typeof command.type === 'number' ? command.type : CHAT_INPUT;
    const key = `${type}:${String(command.name)}`;
    if (seen.has(key)) {
      return invalidFormBody([index, 'name'], 'APPLICATION_COMMANDS_DUPLICATE_NAME', 'Command names must be unique');
    }
    seen.add(key);
    const chatInput = type === CHAT_INPUT;
    const found = checkNamed(command, chatInput) ?? (chatInput ? checkOptions(command['options']) : null);
    if (found) return invalidFormBody([index, ...found.path], found.code, found.message);
  }
  return null;
}

type Problem = { path: (string | number)[]; code: string; message: string };
const problem = (path: Problem['path'], code: string, message: string): Problem => ({ path, code, message });
const TOO_MANY = 'Must be 25 or fewer in length.';

function checkNamed(item: RawOption, chatInput: boolean): Problem | null {
  const name = item['name'];
  // User and message commands are named as shown in the menu: capitals and spaces allowed.
  const valid = typeof name === 'string' && (chatInput ? NAME.test(name) && name === name.toLowerCase() : name.length >= 1 && name.length <= 32);
  if (!valid) {
    return problem(['name'], 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
  }
  const description = item['description'];
  if (chatInput && (typeof description !== 'string' || description.length < 1 || description.length > 100)) {
    return problem(['description'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
  }
  return null;
}

function checkOptions(options: unknown): Problem | null {
  if (options === undefined || options === null) return null;
  if (!Array.isArray(options)) return problem(['options'], 'BASE_TYPE_ARRAY', 'Must be an array.');
  if (options.length > 25) return problem(['options'], 'BASE_TYPE_MAX_LENGTH', TOO_MANY);
  let sawOptional = false;
  const names = new Set<unknown>();
  for (const [i, option] of (options as RawOption[]).entries()) {
    const at = (p: Problem): Problem => ({ ...p, path: ['options', i, ...p.path] });
    const named = checkNamed(option, true);
    if (named) return at(named);
    if (names.has(option['name'])) {
      return at(problem(['name'], 'APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS', 'Option names must be unique'));
    }
    names.add(option['name']);
    const nested = option['type'] === SUB_COMMAND || option['type'] === SUB_COMMAND_GROUP;
    if (nested) {
      const inner = checkOptions(option['options']);
      if (inner) return at(inner);
      continue;
    }
    if (option['required'] === true && sawOptional) {
      const message = 'Required options must be placed before non-required options';
      return at(problem(['required'], 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID', message));
    }
    if (option['required'] !== true) sawOptional = true;
    if (Array.isArray(option['choices']) && option['choices'].length > 25) {
      return at(problem(['choices'], 'BASE_TYPE_MAX_LENGTH', TOO_MANY));
    }
  }
  return null;
}
