import type { APIMessage } from 'discord.js';
import type { ClientFrame } from '../../../src/playground/protocol.js';
import type { MentionNames } from './markdown.js';
import type { PageState } from './state.js';

export type Outgoing = ClientFrame extends infer F ? (F extends ClientFrame ? Omit<F, 'requestId'> : never) : never;

/** What every view needs: the state it shows, names for mentions, and a way to act. */
export interface ViewContext {
  state: PageState;
  names: MentionNames;
  act(frame: Outgoing): string;
  openMessageMenu(message: APIMessage, x: number, y: number): void;
}

/** Discord's numbers for the shapes the page draws (discord-api-types, without bundling it). */
export const Component = {
  ActionRow: 1,
  Button: 2,
  StringSelect: 3,
  TextInput: 4,
  UserSelect: 5,
  RoleSelect: 6,
  MentionableSelect: 7,
  ChannelSelect: 8,
  TextDisplay: 10,
  Label: 18,
} as const;

export const ButtonStyleName: Record<number, string> = { 1: 'primary', 2: 'secondary', 3: 'success', 4: 'danger', 5: 'link', 6: 'premium' };

export const OptionType = {
  Subcommand: 1,
  SubcommandGroup: 2,
  String: 3,
  Integer: 4,
  Boolean: 5,
  User: 6,
  Channel: 7,
  Role: 8,
  Mentionable: 9,
  Number: 10,
  Attachment: 11,
} as const;

export const EPHEMERAL = 1 << 6;
export const CHAT_INPUT = 1;
export const MESSAGE_COMMAND = 3;
