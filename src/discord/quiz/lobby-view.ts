import { ButtonStyle, ComponentType, type APIButtonComponentWithCustomId, type APIEmbedField } from 'discord.js';
import type { Lesson } from '../../content/schema.js';
import type { LobbyName, QuizSession } from '../../store/quiz-store.js';
import { encodeRoute } from '../ids.js';
import type { MessageView } from '../views/lesson.js';
import { discordTime, safeName, teamNames, truncate } from '../text.js';

/** Up to the names the store gave, then how many more: the count is exact, the list is not exhaustive. */
function names(listed: readonly LobbyName[], total: number): string {
  if (total === 0) return '*Nobody yet*';
  const more = total - listed.length;
  const list = listed.map((player) => safeName(player.displayName)).join(', ');
  return truncate(more > 0 ? `${list} and ${more} more` : list, 1024);
}

const statusLine = (session: QuizSession): string => {
  switch (session.phase) {
    case 'lobby':
      return `Join below. The host starts when ready; the lobby closes ${session.deadline ? discordTime(session.deadline) : 'soon'} if nobody does.`;
    case 'cancelled':
      return 'This lobby was closed without starting.';
    case 'finished':
      return 'This quiz has ended: the final standings are below.';
    default:
      return session.mode === 'teams'
        ? 'The quiz has started. Good luck!'
        : 'The quiz has started. Late? Answer any question to join in.';
  }
};

/**
 * The lobby: who hosts, the rules of this game, who has joined, and the buttons to join or start.
 * In a free-for-all, answering a question joins you, so the count keeps growing after the start.
 */
export function lobbyView(session: QuizSession, lesson: Lesson, listed: readonly LobbyName[]): MessageView {
  const open = session.phase === 'lobby';
  const status = statusLine(session);
  const fields: APIEmbedField[] =
    session.mode === 'teams'
      ? teamNames.map((team, index) => {
          const members = listed.filter((player) => player.team === index);
          const count = session.teamCounts[index] ?? 0;
          return { name: `${team} (${count})`, value: names(members, count), inline: true };
        })
      : [{ name: `Players (${session.playerCount})`, value: names(listed, session.playerCount) }];
  const view: MessageView = {
    embeds: [
      {
        author: { name: 'Quiz competition' },
        title: lesson.title,
        description: [
          `Hosted by <@${session.hostId}> · ${session.mode === 'teams' ? 'two teams' : 'everyone for themselves'}`,
          `${session.questionIds.length} questions · ${session.seconds} seconds each · first answer is final`,
          '',
          status,
        ].join('\n'),
        color: open ? 0x5865f2 : 0x4f545c,
        fields,
      },
    ],
    components: [],
  };
  if (!open) return view;
  const join: APIButtonComponentWithCustomId[] =
    session.mode === 'teams'
      ? teamNames.map((team, index) => ({
          type: ComponentType.Button,
          style: index === 0 ? ButtonStyle.Danger : ButtonStyle.Primary,
          label: `Join ${team.slice(3)}`,
          custom_id: encodeRoute({ kind: 'quiz.join', sessionId: session.id, team: String(index) as '0' | '1' }),
        }))
      : [{ type: ComponentType.Button, style: ButtonStyle.Primary, label: 'Join', custom_id: encodeRoute({ kind: 'quiz.join', sessionId: session.id, team: '-' }) }];
  view.components = [
    { type: ComponentType.ActionRow, components: join },
    {
      type: ComponentType.ActionRow,
      components: (['start', 'cancel'] as const).map((action) => ({
        type: ComponentType.Button,
        style: action === 'start' ? ButtonStyle.Success : ButtonStyle.Secondary,
        label: action === 'start' ? 'Start' : 'Cancel',
        custom_id: encodeRoute({ kind: 'quiz.control', sessionId: session.id, action }),
      })),
    },
  ];
  return view;
}
