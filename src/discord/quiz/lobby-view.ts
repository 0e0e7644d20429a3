import { ButtonStyle, ComponentType, type APIButtonComponentWithCustomId, type APIEmbedField } from 'discord.js';
import type { Lesson } from '../../content/schema.js';
import type { QuizPlayer, QuizSession } from '../../store/quiz-store.js';
import { encodeRoute } from '../ids.js';
import type { MessageView } from '../views/lesson.js';
import { discordTime, safeName, teamNames, truncate } from '../text.js';

const names = (players: readonly QuizPlayer[]) =>
  players.length === 0 ? '*Nobody yet*' : truncate(players.map((player) => safeName(player.displayName)).join(', '), 1024);

/** The lobby: who hosts, the rules of this game, who has joined, and the buttons to join or start. */
export function lobbyView(session: QuizSession, lesson: Lesson, players: readonly QuizPlayer[]): MessageView {
  const open = session.phase === 'lobby';
  const status = open
    ? `Join below. The host starts when ready; the lobby closes ${session.deadline ? discordTime(session.deadline) : 'soon'} if nobody does.`
    : session.phase === 'cancelled'
      ? 'This lobby was closed without starting.'
      : 'The quiz has started. Good luck!';
  const fields: APIEmbedField[] =
    session.mode === 'teams'
      ? teamNames.map((team, index) => {
          const members = players.filter((player) => player.team === index);
          return { name: `${team} (${members.length})`, value: names(members), inline: true };
        })
      : [{ name: `Players (${players.length})`, value: names(players) }];
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
