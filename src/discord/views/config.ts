import { ButtonStyle, ChannelType, ComponentType, SelectMenuDefaultValueType, type APIEmbedField } from 'discord.js';
import type { AuditEntry, Season } from '../../store/leaderboard-store.js';
import type { GuildSettings } from '../../store/store.js';
import { encodeRoute } from '../ids.js';
import { discordTime, truncate } from '../text.js';
import type { MessageView } from './lesson.js';

const channels = (ids: readonly string[]) => (ids.length === 0 ? 'anywhere' : ids.map((id) => `<#${id}>`).join(', '));
const onOff = (value: boolean) => (value ? 'on' : 'off');

/** Every setting with its value, and who changed what lately. */
export function configView(settings: GuildSettings, audit: readonly AuditEntry[], season: Season): MessageView {
  const fields: APIEmbedField[] = [
    { name: 'Lessons allowed in', value: channels(settings.lessonChannelIds), inline: true },
    { name: 'Competitions allowed in', value: channels(settings.quizChannelIds), inline: true },
    { name: 'Results also posted to', value: settings.announcementsChannelId ? `<#${settings.announcementsChannelId}>` : 'nowhere else', inline: true },
    { name: 'Quiz-host role', value: settings.quizHostRoleId ? `<@&${settings.quizHostRoleId}>` : 'none (moderators and hosts only)', inline: true },
    { name: 'Token guard', value: settings.tokenGuard, inline: true },
    { name: 'Moderator log', value: settings.modLogChannelId ? `<#${settings.modLogChannelId}>` : 'none', inline: true },
    { name: 'Season', value: `${season.number}${season.startedAt.getTime() > 0 ? ` (since ${discordTime(season.startedAt, 'D')})` : ''}`, inline: true },
    {
      name: 'Quiz defaults',
      value: [
        `questions: ${settings.quizQuestions ?? 'all of the lesson’s'}`,
        `seconds per question: ${settings.quizSeconds}`,
        `speed bonus: ${onOff(settings.speedBonus)}`,
        `practice earns points: ${onOff(settings.practicePoints)}`,
      ].join('\n'),
    },
    {
      name: 'Cooldowns per member',
      value: [`\`/decode\`: ${duration(settings.decodeCooldownSeconds)}`, `\`/quiz start\`: ${duration(settings.quizStartCooldownSeconds)}`].join('\n'),
    },
    {
      name: 'Last changes',
      value: audit.length === 0 ? 'No changes yet.' : truncate(audit.map((entry) => `${discordTime(entry.at)} <@${entry.userId}> ${changeInWords(entry)}`).join('\n'), 1024),
    },
  ];
  return { embeds: [{ title: 'Tutor settings for this server', color: 0x5865f2, fields }], components: [] };
}

const duration = (seconds: number) =>
  seconds === 0 ? 'none' : seconds % 60 === 0 ? `${seconds / 60} minute${seconds === 60 ? '' : 's'}` : `${seconds} second${seconds === 1 ? '' : 's'}`;

/** What each setting is called on screen, and how its stored value reads. */
const settingWords: Record<keyof GuildSettings, { name: string; value: (value: unknown) => string }> = {
  lessonChannelIds: { name: 'Lessons allowed in', value: (value) => channels(value as string[]) },
  quizChannelIds: { name: 'Competitions allowed in', value: (value) => channels(value as string[]) },
  announcementsChannelId: { name: 'Results also posted to', value: (value) => (value ? `<#${String(value)}>` : 'nowhere else') },
  modLogChannelId: { name: 'Moderator log', value: (value) => (value ? `<#${String(value)}>` : 'none') },
  quizHostRoleId: { name: 'Quiz-host role', value: (value) => (value ? `<@&${String(value)}>` : 'none') },
  tokenGuard: { name: 'Token guard', value: String },
  quizQuestions: { name: 'Questions per competition', value: (value) => (value === null ? 'all of the lesson’s' : String(value)) },
  quizSeconds: { name: 'Seconds per question', value: String },
  speedBonus: { name: 'Speed bonus', value: (value) => onOff(value === true) },
  practicePoints: { name: 'Practice earns points', value: (value) => onOff(value === true) },
  decodeCooldownSeconds: { name: '`/decode` cooldown', value: (value) => duration(Number(value)) },
  quizStartCooldownSeconds: { name: '`/quiz start` cooldown', value: (value) => duration(Number(value)) },
};

/** "Seconds per question: 30 → 20", not the stored key and JSON. */
export function changeInWords(entry: Pick<AuditEntry, 'action' | 'oldValue' | 'newValue'>): string {
  const words = settingWords[entry.action as keyof GuildSettings];
  if (!words) return entry.action === 'season' ? `started season ${entry.newValue ?? ''}` : entry.action === 'leaderboard reset' ? 'reset this season’s leaderboard' : entry.action;
  const read = (stored: string | null) => {
    if (stored === null) return '—';
    try {
      return words.value(JSON.parse(stored));
    } catch {
      return stored;
    }
  };
  return `${words.name}: ${read(entry.oldValue)} → ${read(entry.newValue)}`;
}

/** Three channel menus: pick none to allow anywhere. */
export function channelsView(settings: GuildSettings): MessageView {
  const menu = (list: 'lessons' | 'quizzes' | 'announce' | 'modlog', placeholder: string, selected: readonly string[], max: number) => ({
    type: ComponentType.ActionRow as const,
    components: [
      {
        type: ComponentType.ChannelSelect as const,
        custom_id: encodeRoute({ kind: 'config.channels', list }),
        placeholder,
        min_values: 0,
        max_values: max,
        channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement],
        default_values: selected.map((id) => ({ id, type: SelectMenuDefaultValueType.Channel as const })),
      },
    ],
  });
  return {
    embeds: [
      {
        title: 'Where the bot works',
        description: [
          `**Lessons** (\`/lesson\`, \`/lessons\`, \`/quiz practice\`): ${channels(settings.lessonChannelIds)}`,
          `**Competitions** (\`/quiz start\`): ${channels(settings.quizChannelIds)}`,
          `**Results also posted to**: ${settings.announcementsChannelId ? `<#${settings.announcementsChannelId}>` : 'nowhere else'}`,
          `**Moderator log** (token guard reports): ${settings.modLogChannelId ? `<#${settings.modLogChannelId}>` : 'none'}`,
          '',
          'Pick channels below; clear a menu to allow anywhere again.',
        ].join('\n'),
        color: 0x5865f2,
      },
    ],
    components: [
      menu('lessons', 'Lessons allowed in… (none = anywhere)', settings.lessonChannelIds, 25),
      menu('quizzes', 'Competitions allowed in… (none = anywhere)', settings.quizChannelIds, 25),
      menu('announce', 'Also post results to… (optional)', settings.announcementsChannelId ? [settings.announcementsChannelId] : [], 1),
      menu('modlog', 'Moderator log channel… (optional)', settings.modLogChannelId ? [settings.modLogChannelId] : [], 1),
    ],
  };
}

const confirmations = {
  season: {
    title: 'Start a new season?',
    text: 'The current season’s final standings are archived (still viewable with `/leaderboard period:season season:<number>`) and everyone starts the new season at zero. All-time points stay.',
    label: 'Start new season',
  },
  reset: {
    title: 'Reset this season’s leaderboard?',
    text: 'Everyone’s points for the current season go back to zero, from now on. All-time points and archived seasons stay. The reset is recorded with your name.',
    label: 'Reset the season',
  },
} as const;

export function confirmView(action: keyof typeof confirmations): MessageView {
  const confirmation = confirmations[action];
  return {
    embeds: [{ title: confirmation.title, description: confirmation.text, color: 0xed4245 }],
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          { type: ComponentType.Button, style: ButtonStyle.Danger, label: confirmation.label, custom_id: encodeRoute({ kind: 'config.confirm', action }) },
          { type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Cancel', custom_id: encodeRoute({ kind: 'config.cancel' }) },
        ],
      },
    ],
  };
}
