import type {
  APIAttachment,
  APIDMChannel,
  APIInteraction,
  APIInteractionDataResolved,
  APIMessage,
  APITextChannel,
  APIUser,
} from 'discord.js';
import type { CommandRegistry } from './commands.js';
import { interactionToken, snowflake } from './ids.js';
import { EPHEMERAL, findComponent, listCustomIds, type MessageStore } from './messages.js';
import { MEMBER_PERMISSIONS, type LocalGuild, type World } from './world.js';

/** A command option in raw API form: `{ name: 'topic', type: 3, value: 'oauth' }`, subcommands nest `options`. */
export interface RawOption {
  name: string;
  type: number;
  value?: string | number | boolean | undefined;
  options?: RawOption[] | undefined;
  focused?: boolean | undefined;
}

export interface InteractionContextOptions {
  /** A user object, or an id / name for `fake.user(...)`. Defaults to the fake's default user. */
  user?: APIUser | string | undefined;
  /** Defaults to the first guild; `null` means a DM with the bot. */
  guildId?: string | null | undefined;
  /** Defaults to the guild's first channel. */
  channelId?: string | undefined;
  /** The member's permissions in the channel (decimal bitfield string). */
  memberPermissions?: string | undefined;
  roles?: string[] | undefined;
  locale?: string | undefined;
}

export interface SlashOptions extends InteractionContextOptions {
  name: string;
  options?: RawOption[] | undefined;
  /** Files for attachment options (type 11), from `fake.upload(...)`. */
  attachments?: APIAttachment[] | undefined;
}

export interface AutocompleteOptions extends InteractionContextOptions {
  name: string;
  options: RawOption[];
  /** Name of the option being typed in; defaults to an option already marked focused, else the last leaf. */
  focused?: string | undefined;
}

export interface ComponentOptions extends InteractionContextOptions {
  customId: string;
  /** The message the component is on, e.g. `handle.message()`. Omit to have the fake post one. */
  message?: APIMessage | undefined;
}

export interface SelectOptions extends ComponentOptions {
  values: string[];
}

export interface ModalSubmitOptions extends InteractionContextOptions {
  customId: string;
  fields: Record<string, string>;
  /** Set when the modal was opened from a component on this message. */
  message?: APIMessage | undefined;
}

export interface BuiltInteraction {
  payload: APIInteraction;
  /** For component interactions: the message `update()` / `deferUpdate()` act on. */
  sourceMessageId?: string | undefined;
  /** Human-readable, for error messages: `/quiz start`, `button "quiz:next"`. */
  label: string;
}

/** Select menu component type → the option type whose objects it resolves: user 5, role 6, channel 8. */
const SELECT_OPTION_TYPES: Record<number, number> = { 5: 6, 6: 8, 8: 7 };

const InteractionKind = { Command: 2, Component: 3, Autocomplete: 4, ModalSubmit: 5 } as const;
type InteractionKind = (typeof InteractionKind)[keyof typeof InteractionKind];

/** The payload builders behind `fake.slash()` etc., without dispatching. */
export type InteractionBuilders = Pick<InteractionFactory, 'slash' | 'autocomplete' | 'button' | 'select' | 'modalSubmit'>;

type Place = { guild: LocalGuild | null; channel: APITextChannel | APIDMChannel };

/**
 * Builds INTERACTION_CREATE payloads with every field discord.js reads: a missing one
 * makes its handler throw and the interaction is silently dropped.
 */
export class InteractionFactory {
  constructor(
    private readonly world: World,
    private readonly commands: CommandRegistry,
    private readonly messages: MessageStore,
    private readonly defaultUser: string,
  ) {}

  slash(options: SlashOptions): BuiltInteraction {
    const user = this.world.resolveUser(options.user, this.defaultUser);
    const place = this.place(options, user);
    const commandOptions = options.options ?? [];
    const resolved = this.resolved(commandOptions, place).resolved ?? {};
    if (options.attachments?.length) resolved.attachments = Object.fromEntries(options.attachments.map((file) => [file.id, file]));
    const data = {
      ...this.commandData(options.name, place),
      options: commandOptions,
      ...(Object.keys(resolved).length > 0 ? { resolved } : {}),
    };
    const payload = { ...this.base(InteractionKind.Command, options, user, place), data };
    return { payload: payload as unknown as APIInteraction, label: `/${commandPath(options.name, commandOptions)}` };
  }

  /** Right-click → Apps → `name` on `message` (a message context-menu command). */
  messageCommand(options: InteractionContextOptions & { name: string; message: APIMessage }): BuiltInteraction {
    const user = this.world.resolveUser(options.user, this.defaultUser);
    const place = this.placeOfMessage(this.currentMessage(options.message));
    const data = {
      ...this.commandData(options.name, place),
      type: 3,
      target_id: options.message.id,
      resolved: { messages: { [options.message.id]: this.currentMessage(options.message) } },
    };
    const payload = { ...this.base(InteractionKind.Command, options, user, place), data };
    return { payload: payload as unknown as APIInteraction, label: `message command "${options.name}"` };
  }

  autocomplete(options: AutocompleteOptions): BuiltInteraction {
    const user = this.world.resolveUser(options.user, this.defaultUser);
    const place = this.place(options, user);
    const data = { ...this.commandData(options.name, place), options: markFocused(options.options, options.focused) };
    const payload = { ...this.base(InteractionKind.Autocomplete, options, user, place), data };
    const label = `autocomplete /${commandPath(options.name, options.options)}`;
    return { payload: payload as unknown as APIInteraction, label };
  }

  button(options: ComponentOptions): BuiltInteraction {
    return this.component(options, 2, { type: 2, style: 1, label: options.customId, custom_id: options.customId }, {});
  }

  select(options: SelectOptions): BuiltInteraction {
    const synthesized = {
      type: 3,
      custom_id: options.customId,
      options: options.values.map((value) => ({ label: value, value })),
      max_values: Math.max(1, options.values.length),
    };
    return this.component(options, 3, synthesized, { values: options.values });
  }

  modalSubmit(options: ModalSubmitOptions): BuiltInteraction {
    const user = this.world.resolveUser(options.user, this.defaultUser);
    const source = options.message ? this.currentMessage(options.message) : undefined;
    const place = source ? this.placeOfMessage(source) : this.place(options, user);
    const data = {
      custom_id: options.customId,
      components: Object.entries(options.fields).map(([customId, value], i) => ({
        type: 1,
        id: 2 * i + 1,
        components: [{ type: 4, id: 2 * i + 2, custom_id: customId, value }],
      })),
    };
    const payload = {
      ...this.base(InteractionKind.ModalSubmit, options, user, place),
      data,
      ...(source ? { message: source } : {}),
    };
    return {
      payload: payload as unknown as APIInteraction,
      sourceMessageId: source?.id,
      label: `modal "${options.customId}"`,
    };
  }

  private component(
    options: ComponentOptions,
    defaultComponentType: number,
    synthesized: Record<string, unknown>,
    extraData: { values?: string[] },
  ): BuiltInteraction {
    const user = this.world.resolveUser(options.user, this.defaultUser);
    const message = options.message
      ? this.currentMessage(options.message)
      : this.postMessageWith(synthesized, this.place(options, user));
    const component = findComponent(message.components, options.customId);
    checkClickable(message, options.customId, component, user, extraData.values);
    const place = this.placeOfMessage(message);
    const componentType = component?.type ?? defaultComponentType;
    // User, role and channel menus carry the picked objects in `resolved`, as option values do.
    const optionType = SELECT_OPTION_TYPES[componentType];
    const picked = optionType ? (extraData.values ?? []).map((value) => ({ name: 'picked', type: optionType, value })) : [];
    const resolved = this.resolved(picked, place);
    const missing = picked.filter((option) => option.type !== 6 && !JSON.stringify(resolved).includes(`"${option.value}"`));
    if (missing.length) throw new Error(`local-discord: menu "${options.customId}" cannot pick ${missing.map((option) => option.value).join(', ')}: no such ${optionType === 7 ? 'channel' : 'role'} here`);
    const data = {
      custom_id: options.customId,
      component_type: componentType,
      ...extraData,
      ...resolved,
    };
    const payload = { ...this.base(InteractionKind.Component, options, user, place), data, message };
    const kind = data.component_type === 2 ? 'button' : 'select';
    const label = `${kind} "${options.customId}"`;
    return { payload: payload as unknown as APIInteraction, sourceMessageId: message.id, label };
  }

  private base(type: InteractionKind, options: InteractionContextOptions, user: APIUser, place: Place) {
    const permissions = options.memberPermissions ?? MEMBER_PERMISSIONS;
    const common = {
      id: snowflake(),
      application_id: this.world.applicationId,
      type,
      token: interactionToken(),
      version: 1,
      app_permissions: this.world.botPermissionsIn(place.channel.id).toString(),
      locale: options.locale ?? 'en-US',
      entitlements: [],
      attachment_size_limit: this.world.attachmentSizeLimit,
      channel_id: place.channel.id,
      channel: { ...place.channel, permissions },
    };
    if (!place.guild) {
      // Guild-installed app used in the bot's DM: Discord reports owner "0".
      return { ...common, user, context: 1, authorizing_integration_owners: { '0': '0' } };
    }
    const guild = place.guild;
    return {
      ...common,
      context: 0,
      authorizing_integration_owners: { '0': guild.id },
      guild_id: guild.id,
      guild: { id: guild.id, locale: guild.locale, features: guild.features },
      guild_locale: guild.locale,
      member: this.world.member(guild, user, permissions, options.roles ?? []),
    };
  }

  private commandData(name: string, place: Place) {
    const registered = this.commands.find(name, place.guild?.id ?? null);
    return {
      id: registered?.id ?? snowflake(),
      name,
      type: 1,
      ...(registered?.guild_id ? { guild_id: registered.guild_id } : {}),
    };
  }

  /** Discord sends full objects for user and channel options in `data.resolved`. */
  private resolved(options: RawOption[], place: Place): { resolved?: APIInteractionDataResolved } {
    const resolved: Required<Pick<APIInteractionDataResolved, 'users' | 'members' | 'channels' | 'roles'>> = {
      users: {},
      members: {},
      channels: {},
      roles: {},
    };
    for (const option of leaves(options)) {
      const value = String(option.value);
      if (option.type === 6) {
        const user = this.world.user(value);
        resolved.users[user.id] = user;
        if (place.guild) {
          const { user: _user, ...member } = this.world.member(place.guild, user, MEMBER_PERMISSIONS, this.world.rolesOf(place.guild.id, user.id));
          resolved.members[user.id] = member;
        }
      } else if (option.type === 7) {
        const found = this.world.findChannel(value);
        if (found) resolved.channels[value] = { ...found.channel, permissions: MEMBER_PERMISSIONS } as never;
      } else if (option.type === 8 && place.guild) {
        const role = this.world.rolesPayload(place.guild).find((candidate) => candidate.id === value);
        if (role) resolved.roles[value] = role;
      }
    }
    const used = Object.entries(resolved).filter(([, entries]) => Object.keys(entries).length > 0);
    return used.length ? { resolved: Object.fromEntries(used) } : {};
  }

  private place(options: InteractionContextOptions, user: APIUser): Place {
    if (options.guildId === null) return { guild: null, channel: this.world.dmChannel(user) };
    const guild = this.world.guild(options.guildId);
    return { guild, channel: this.world.guildChannel(guild, options.channelId) };
  }

  private placeOfMessage(message: APIMessage): Place {
    const found = this.world.findChannel(message.channel_id);
    if (!found) throw new Error(`local-discord: message ${message.id} is in unknown channel ${message.channel_id}`);
    return found;
  }

  /** Uses the latest recorded state, so clicking a message after the bot edited it sees the edit. */
  private currentMessage(message: APIMessage): APIMessage {
    const current = this.messages.get(message.id);
    if (current) return current;
    return this.messages.adopt(message);
  }

  private postMessageWith(component: Record<string, unknown>, place: Place): APIMessage {
    return this.messages.create({
      channelId: place.channel.id,
      author: this.world.botUser,
      body: { content: '', components: [{ type: 1, components: [component] }] as never },
      files: [],
    });
  }
}

/** Refuse clicks a real user could not make, so tests fail where production would. */
function checkClickable(
  message: APIMessage,
  customId: string,
  component: ReturnType<typeof findComponent>,
  user: APIUser,
  values: string[] | undefined,
): void {
  if (!component) {
    const available = listCustomIds(message.components).join(', ') || 'none';
    throw new Error(`local-discord: message ${message.id} has no component "${customId}" (available: ${available})`);
  }
  if (component.disabled) throw new Error(`local-discord: component "${customId}" is disabled`);
  const owner = message.interaction_metadata?.user.id;
  if (((message.flags ?? 0) & EPHEMERAL) !== 0 && owner && owner !== user.id) {
    throw new Error(`local-discord: ${user.username} cannot see ephemeral message ${message.id} (it is user ${owner}'s)`);
  }
  if (values && component.options) {
    const allowed = new Set(component.options.map((o) => o.value));
    const unknown = values.filter((v) => !allowed.has(v));
    if (unknown.length) throw new Error(`local-discord: select "${customId}" has no option(s) ${unknown.join(', ')}`);
  }
}

function* leaves(options: RawOption[]): Generator<RawOption> {
  for (const option of options) {
    if (option.options) yield* leaves(option.options);
    else yield option;
  }
}

function commandPath(name: string, options: RawOption[]): string {
  const sub = options.find((o) => o.type === 1 || o.type === 2);
  return sub ? commandPath(`${name} ${sub.name}`, sub.options ?? []) : name;
}

function markFocused(options: RawOption[], focused: string | undefined): RawOption[] {
  const all = [...leaves(options)];
  if (!focused && all.some((o) => o.focused)) return options;
  const target = focused ? all.find((o) => o.name === focused) : all.at(-1);
  if (!target) throw new Error(`local-discord: autocomplete has no option ${focused ?? '(none given)'} to focus`);
  const mark = (list: RawOption[]): RawOption[] =>
    list.map((o) => (o === target ? { ...o, focused: true } : o.options ? { ...o, options: mark(o.options) } : o));
  return mark(options);
}
