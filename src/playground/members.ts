import type { APIUser } from 'discord.js';
import { MEMBER_PERMISSIONS } from './discord/world.js';
import type { LocalDiscord } from './discord/index.js';
import type { PlaygroundChannel, PlaygroundMember, PlaygroundRoleLabel } from './protocol.js';

const bit = (n: number): bigint => 1n << BigInt(n);
const MODERATOR_EXTRAS = bit(4) /* ManageChannels */ | bit(5) /* ManageGuild */ | bit(13) /* ManageMessages */ | bit(28); /* ManageRoles */

/** The playground's server: its channels and roles, as Discord lists them to the bot. */
export const playgroundGuild = {
  name: 'Tutor Playground',
  channels: ['general', 'quiz-arena', 'bot-commands', 'mod-log'],
  roles: [
    { name: 'Moderator', color: 0xe67e22, permissions: MODERATOR_EXTRAS.toString() },
    { name: 'Quiz host', color: 0x3498db, permissions: '0' },
  ],
};

const roleNameOf: Record<PlaygroundRoleLabel, string | undefined> = { moderator: 'Moderator', 'quiz host': 'Quiz host', member: undefined };

/** Who is in the playground at start: one of each kind, and two plain members to play against each other. */
export const startingMembers: { name: string; label: PlaygroundRoleLabel }[] = [
  { name: 'Morgan', label: 'moderator' },
  { name: 'Quinn', label: 'quiz host' },
  { name: 'Alex', label: 'member' },
  { name: 'Sam', label: 'member' },
];

const NAME = /^[\p{L}\p{N}_.-]{2,32}$/u;

/** The simulated members: their users, roles and guild-level permissions (what interactions carry). */
export class PlaygroundMembers {
  private readonly members: PlaygroundMember[] = [];

  constructor(private readonly local: LocalDiscord) {}

  list(): PlaygroundMember[] {
    return [...this.members];
  }

  find(userId: string): PlaygroundMember | undefined {
    return this.members.find((member) => member.user.id === userId);
  }

  /** Adds a member; a name already taken or not like a Discord username is refused in words. */
  add(name: string, label: PlaygroundRoleLabel): PlaygroundMember | string {
    const trimmed = name.trim();
    if (!NAME.test(trimmed)) return 'A name is 2 to 32 letters, digits, dots, dashes or underscores.';
    if (this.members.some((member) => member.user.username === trimmed.toLowerCase())) return `${trimmed} is already here.`;
    if (!(label in roleNameOf)) return `There is no ${String(label)} role here: moderator, quiz host or member.`;
    const user: APIUser = this.local.user(trimmed);
    const guild = this.local.guild();
    const roleName = roleNameOf[label];
    const roles = guild.roles.filter((role) => role.name === roleName).map((role) => role.id);
    const permissions = guild.roles
      .filter((role) => roles.includes(role.id))
      .reduce((all, role) => all | BigInt(role.permissions), BigInt(MEMBER_PERMISSIONS));
    this.local.setMemberRoles(user.id, roles);
    const member: PlaygroundMember = { user, roles, label, permissions: permissions.toString() };
    this.members.push(member);
    return member;
  }

  /** The guild's text channels, then one Direct messages channel per member. */
  channels(): PlaygroundChannel[] {
    const text = this.local.guild().channels.map((channel): PlaygroundChannel => ({ id: channel.id, name: channel.name, kind: 'text' }));
    const dms = this.members.map((member): PlaygroundChannel => ({
      id: this.local.dmChannelOf(member.user.id).id,
      name: member.user.global_name ?? member.user.username,
      kind: 'dm',
      recipientId: member.user.id,
    }));
    return [...text, ...dms];
  }
}
