/**
 * The contract between the playground page and the playground server: JSON frames over one
 * WebSocket at `/ws` on the playground's port. Discord objects travel in Discord's own API
 * shapes (discord-api-types), so the page renders exactly what the bot sent.
 *
 * The server is the only authority: the page names *who* acts (`asMember`) and *what* was
 * clicked; the server builds the interaction payload as Discord would (member, permissions,
 * channel) and dispatches it to the bot through the gateway.
 */
import type {
  APIApplicationCommand,
  APIApplicationCommandOptionChoice,
  APIAttachment,
  APIMessage,
  APIModalInteractionResponseCallbackData,
  APIRole,
  APIUser,
} from 'discord.js';

export const playgroundProtocolVersion = 1;

export type PlaygroundRoleLabel = 'moderator' | 'quiz host' | 'member';

export interface PlaygroundMember {
  user: APIUser;
  /** Role ids in the guild, besides @everyone. */
  roles: string[];
  label: PlaygroundRoleLabel;
  /** Guild-level permissions as Discord's decimal bit string. */
  permissions: string;
}

export interface PlaygroundChannel {
  id: string;
  name: string;
  /** `dm` channels are the bot's direct messages with one member (`recipientId`). */
  kind: 'text' | 'dm';
  recipientId?: string;
}

export interface PlaygroundMessage {
  message: APIMessage;
  /** null: everyone in the channel sees it. A member id: only that member (ephemeral replies, DMs). */
  visibleTo: string | null;
  /** True while an interaction is deferred ("Tutor is thinking…"). */
  loading: boolean;
  /** For replies to a command: who ran what, as Discord shows above the reply. */
  invokedBy?: { userId: string; commandName: string };
}

/** A lesson as the page's lesson picker lists it. */
export interface LessonSummary {
  id: string;
  title: string;
  track: string;
  level: string;
}

/** What the bot would post, without the id, author and channel of a posted message. */
export type PreviewMessage = Pick<APIMessage, 'content' | 'embeds' | 'components'>;

/** A lesson as members will see it, built by the bot's own views: every page, question and recall card. */
export interface LessonPreview {
  lessonId: string;
  title: string;
  /** Page n as /lesson shows it to a member who has read every page. */
  pages: PreviewMessage[];
  /** Each question as /quiz practice asks it. */
  questions: PreviewMessage[];
  /** Each recall card as /review cards shows it. */
  recallCards: PreviewMessage[];
}

export interface PlaygroundSnapshot {
  protocol: typeof playgroundProtocolVersion;
  guild: { id: string; name: string };
  bot: APIUser;
  channels: PlaygroundChannel[];
  roles: APIRole[];
  members: PlaygroundMember[];
  /** The commands the bot registered (guild and global), as `npm run deploy` would. */
  commands: APIApplicationCommand[];
  /** Every message in posting order; the page filters by `visibleTo` for the member it shows. */
  messages: PlaygroundMessage[];
  /** Problems in the content directory after the last reload, `file:line:col level field: message`. */
  contentProblems: string[];
  /** The lessons being served, in catalogue order, for the preview's picker. */
  lessonIndex: LessonSummary[];
}

/** Frames the server sends. `requestId` echoes the page's request it answers. */
export type ServerFrame =
  | { type: 'snapshot'; snapshot: PlaygroundSnapshot }
  /** A new message or a new version of one (same `message.id`). */
  | { type: 'message'; message: PlaygroundMessage }
  | { type: 'message-deleted'; channelId: string; messageId: string }
  /** The bot answered an interaction with a modal: show it to `memberId` only. */
  | { type: 'modal'; memberId: string; interactionId: string; modal: APIModalInteractionResponseCallbackData }
  | { type: 'autocomplete'; requestId: string; choices: APIApplicationCommandOptionChoice[] }
  /** No answer within Discord's 3 s, or Discord would have refused the answer. */
  | { type: 'interaction-failed'; requestId: string; memberId: string; reason: string }
  | { type: 'members'; members: PlaygroundMember[] }
  /** The channel list changed (a new member brings their Direct messages channel). */
  | { type: 'channels'; channels: PlaygroundChannel[] }
  | { type: 'commands'; commands: APIApplicationCommand[] }
  | { type: 'content'; problems: string[]; lessons: number; reloadedAt: string; lessonIndex: LessonSummary[] }
  | { type: 'preview'; requestId: string; preview: LessonPreview }
  | { type: 'error'; requestId?: string; message: string };

/**
 * One option as the composer filled it in; the server types it from the command's definition.
 * For an attachment option the value is the `id` of a file uploaded first with
 * `POST /uploads?filename=<name>` (the raw bytes as the body, the type as Content-Type), which
 * answers with an `UploadedFile`.
 */
export interface ComposedOption {
  name: string;
  value: string | number | boolean;
}

interface Acting {
  requestId: string;
  /** The member the page is showing; the server checks it exists. */
  asMember: string;
}

/** Frames the page sends. */
export type ClientFrame =
  | (Acting & {
      type: 'slash';
      channelId: string;
      name: string;
      group?: string;
      subcommand?: string;
      options: ComposedOption[];
    })
  | (Acting & {
      type: 'autocomplete';
      channelId: string;
      name: string;
      group?: string;
      subcommand?: string;
      options: ComposedOption[];
      focused: string;
    })
  | (Acting & { type: 'button'; messageId: string; customId: string })
  | (Acting & { type: 'select'; messageId: string; customId: string; values: string[] })
  | (Acting & { type: 'modal-submit'; interactionId: string; customId: string; fields: { customId: string; value: string }[] })
  /** Apps → a message command (e.g. "Decode token") on a message. */
  | (Acting & { type: 'message-command'; name: string; messageId: string })
  | (Acting & { type: 'send'; channelId: string; content: string })
  | (Acting & { type: 'dismiss'; messageId: string })
  | (Acting & { type: 'add-member'; name: string; label: PlaygroundRoleLabel })
  /** The lesson preview panel: answered with a `preview` frame, or an `error` frame naming the lesson. */
  | { type: 'preview'; requestId: string; lessonId: string };

/** What `POST /uploads` answers: the file as Discord's CDN would describe it. */
export type UploadedFile = APIAttachment;
