import type { APIApplicationCommand, APIApplicationCommandOption, APIAttachment } from 'discord.js';
import type { InteractionContextOptions, InteractionHandle, LocalDiscord, RawOption } from './discord/index.js';
import type { PlaygroundMembers } from './members.js';
import type { ClientFrame, ComposedOption, PlaygroundMember, ServerFrame } from './protocol.js';
import type { ScreenMirror } from './screen.js';

const OptionType = { Subcommand: 1, Group: 2, String: 3, Integer: 4, Boolean: 5, User: 6, Channel: 7, Role: 8, Mentionable: 9, Number: 10, Attachment: 11 } as const;
const ADMINISTRATOR = 1n << 3n;
const CHAT_INPUT = 1;
const MESSAGE_COMMAND = 3;

/** A page's request that cannot become an interaction, in words for the page. */
class Refused extends Error {}

export interface ActionDeps {
  local: LocalDiscord;
  members: PlaygroundMembers;
  mirror: ScreenMirror;
  /** Files pages uploaded for attachment options, by attachment id. */
  uploads: ReadonlyMap<string, APIAttachment>;
  broadcast(frame: ServerFrame): void;
  /** Answers a `preview` frame. */
  preview(lessonId: string, requestId: string): ServerFrame;
}

/**
 * Carries out a page's frame the way Discord would: the member must exist, the command must be
 * registered and allowed to them, and the interaction payload is built here, never by the page.
 */
export function createActions(deps: ActionDeps) {
  const { local, members, mirror } = deps;

  const actor = (frame: { asMember: string }): PlaygroundMember => {
    const member = members.find(frame.asMember);
    if (!member) throw new Refused(`There is no member ${frame.asMember} in the playground.`);
    return member;
  };
  const as = (member: PlaygroundMember): InteractionContextOptions => ({
    user: member.user.id,
    memberPermissions: member.permissions,
    roles: member.roles,
  });
  const messageFor = (member: PlaygroundMember, messageId: string) => {
    const message = local.message(messageId);
    const visibleTo = message ? local.dmRecipientOf(message.channel_id) ?? ephemeralOwner(message) : undefined;
    if (!message || (visibleTo && visibleTo !== member.user.id)) throw new Refused('That message is gone, or is not one this member can see.');
    return message;
  };

  function act(frame: ClientFrame, reply: (frame: ServerFrame) => void): void {
    const follow = (member: PlaygroundMember, handle: InteractionHandle) => mirror.follow(handle, frame.requestId, member.user.id, reply);
    switch (frame.type) {
      case 'slash': {
        const member = actor(frame);
        const command = usableCommand(frame.name, CHAT_INPUT, member);
        const { options, attachments } = typedOptions(command, frame);
        follow(member, local.slash({ ...as(member), name: frame.name, channelId: guildChannel(frame.channelId), options, attachments }));
        return;
      }
      case 'autocomplete': {
        const member = actor(frame);
        const command = usableCommand(frame.name, CHAT_INPUT, member);
        const { options } = typedOptions(command, frame, frame.focused);
        follow(member, local.autocomplete({ ...as(member), name: frame.name, channelId: guildChannel(frame.channelId), options, focused: frame.focused }));
        return;
      }
      case 'button': {
        const member = actor(frame);
        follow(member, clicked(() => local.button({ ...as(member), customId: frame.customId, message: messageFor(member, frame.messageId) })));
        return;
      }
      case 'select': {
        const member = actor(frame);
        const message = messageFor(member, frame.messageId);
        follow(member, clicked(() => local.select({ ...as(member), customId: frame.customId, values: frame.values, message })));
        return;
      }
      case 'modal-submit': {
        const member = actor(frame);
        const open = mirror.openModal(frame.interactionId);
        if (!open || open.memberId !== member.user.id) throw new Refused('That form is closed, or was opened by another member.');
        mirror.closeModal(frame.interactionId);
        const source = open.sourceMessageId ? local.message(open.sourceMessageId) : undefined;
        const fields = Object.fromEntries(frame.fields.map((field) => [field.customId, field.value]));
        follow(member, local.modalSubmit({ ...as(member), customId: frame.customId, fields, channelId: open.channelId, message: source }));
        return;
      }
      case 'message-command': {
        const member = actor(frame);
        usableCommand(frame.name, MESSAGE_COMMAND, member);
        follow(member, local.messageCommand({ ...as(member), name: frame.name, message: messageFor(member, frame.messageId) }));
        return;
      }
      case 'send': {
        const member = actor(frame);
        local.userMessage({ user: member.user.id, content: frame.content, channelId: guildChannel(frame.channelId) });
        return;
      }
      case 'dismiss': {
        const member = actor(frame);
        const message = local.message(frame.messageId);
        if (!message || ephemeralOwner(message) !== member.user.id) throw new Refused('Only the member an ephemeral reply was for can dismiss it.');
        mirror.dismiss(message);
        return;
      }
      case 'add-member': {
        const added = members.add(frame.name, frame.label);
        if (typeof added === 'string') throw new Refused(added);
        deps.broadcast({ type: 'members', members: members.list() });
        deps.broadcast({ type: 'channels', channels: members.channels() });
        return;
      }
      case 'preview':
        reply(deps.preview(frame.lessonId, frame.requestId));
        return;
    }
  }

  function guildChannel(channelId: string): string {
    if (!local.guild().channels.some((channel) => channel.id === channelId)) throw new Refused('Commands and messages go in one of the server’s text channels.');
    return channelId;
  }

  /** Like Discord's client: a command a member lacks the default permissions for is not offered to them. */
  function usableCommand(name: string, type: number, member: PlaygroundMember): APIApplicationCommand {
    const command = local.registeredCommands(local.guildId).find((candidate) => candidate.name === name && candidate.type === type);
    if (!command) throw new Refused(`The bot has not registered a command called ${name}.`);
    const needed = command.default_member_permissions ? BigInt(command.default_member_permissions) : 0n;
    const has = BigInt(member.permissions);
    if ((has & ADMINISTRATOR) === 0n && (has & needed) !== needed) {
      const who = member.user.global_name ?? member.user.username;
      throw new Refused(`${who} cannot use /${name}: it needs permissions their roles do not give, so Discord does not offer it to them.`);
    }
    return command;
  }

  function typedOptions(
    command: APIApplicationCommand,
    frame: { name: string; group?: string; subcommand?: string; options: ComposedOption[] },
    /** While a member types, Discord sends the focused option as the text typed so far, whatever its type. */
    focused?: string,
  ): { options: RawOption[]; attachments: APIAttachment[] } {
    let definitions: readonly APIApplicationCommandOption[] = command.options ?? [];
    const wrap: { name: string; type: number }[] = [];
    if (frame.group) {
      const group = definitions.find((option) => option.type === OptionType.Group && option.name === frame.group);
      if (!group || !('options' in group)) throw new Refused(`/${frame.name} has no group ${frame.group}.`);
      definitions = group.options ?? [];
      wrap.push({ name: group.name, type: OptionType.Group });
    }
    if (frame.subcommand) {
      const sub = definitions.find((option) => option.type === OptionType.Subcommand && option.name === frame.subcommand);
      if (!sub || !('options' in sub)) throw new Refused(`/${frame.name} has no subcommand ${frame.subcommand}.`);
      definitions = sub.options ?? [];
      wrap.push({ name: sub.name, type: OptionType.Subcommand });
    } else if (definitions.some((option) => option.type === OptionType.Subcommand || option.type === OptionType.Group)) {
      throw new Refused(`/${frame.name} needs a subcommand.`);
    }
    const attachments: APIAttachment[] = [];
    const leaves = frame.options.map((composed): RawOption => {
      const definition = definitions.find((option) => option.name === composed.name);
      if (!definition) throw new Refused(`/${frame.name} has no option ${composed.name}.`);
      if (definition.type === OptionType.Attachment) {
        const file = deps.uploads.get(String(composed.value));
        if (!file) throw new Refused(`Upload the file for ${composed.name} first (POST /uploads).`);
        attachments.push(file);
      }
      const value = definition.name === focused ? String(composed.value) : typedValue(definition.type, composed);
      return { name: definition.name, type: definition.type, value };
    });
    const options = wrap.reduceRight<RawOption[]>((inner, level) => [{ ...level, options: inner }], leaves);
    return { options, attachments };
  }

  return function handle(frame: ClientFrame, reply: (frame: ServerFrame) => void): void {
    try {
      act(frame, reply);
    } catch (error) {
      const message = error instanceof Refused ? error.message : `The playground could not do that: ${(error as Error).message}`;
      reply({ type: 'error', requestId: frame.requestId, message });
    }
  };
}

function typedValue(type: number, composed: ComposedOption): string | number | boolean {
  switch (type) {
    case OptionType.Integer: {
      const value = Number(composed.value);
      if (!Number.isInteger(value)) throw new Refused(`${composed.name} must be a whole number.`);
      return value;
    }
    case OptionType.Number: {
      const value = Number(composed.value);
      if (!Number.isFinite(value)) throw new Refused(`${composed.name} must be a number.`);
      return value;
    }
    case OptionType.Boolean:
      return composed.value === true || composed.value === 'true';
    default:
      return String(composed.value);
  }
}

function ephemeralOwner(message: { flags?: number; interaction_metadata?: { user?: { id: string } } | null }): string | undefined {
  return ((message.flags ?? 0) & (1 << 6)) !== 0 ? message.interaction_metadata?.user?.id : undefined;
}

/** The local Discord refuses clicks a member could not make (a disabled button, another's ephemeral message) by throwing. */
function clicked(build: () => InteractionHandle): InteractionHandle {
  try {
    return build();
  } catch (error) {
    throw new Refused((error as Error).message.replace(/^local-discord: /, ''));
  }
}
