import { scoringRules } from '../../quiz/scoring.js';
import type { MessageView } from '../views/lesson.js';

/** The quiz rules, in the same words as the README. */
export function quizHelpView(): MessageView {
  const { base, speedBonus, streakStep, streakCap, practiceBase } = scoringRules;
  return {
    embeds: [
      {
        title: 'Quizzes: how they work',
        color: 0x5865f2,
        fields: [
          {
            name: 'Practice: `/quiz practice topic:` or Start quiz on a lesson',
            value: `Only you see it. One question at a time, with the right answer and why after each. Your **first** completed practice run of a lesson puts ${practiceBase} points per right answer on this server's leaderboard (partial answers earn their share; no speed bonus, no streak), a fifth of a competition's ${base}, so practice never outweighs a competition on the same questions. Later runs show your score but earn no points, so practice cannot be farmed.`,
          },
          {
            name: 'Competitions: `/quiz start topic: [mode] [questions] [seconds]`',
            value: 'Posts a lobby here: press Join (or pick a team in teams mode). The host or a moderator presses Start. Each question has a deadline; your **first answer is final**. After each question: the answer, why, how the room answered, and the leaders. One competition per channel; an unstarted lobby closes after 10 minutes.',
          },
          {
            name: 'Joining',
            value: 'Everyone for themselves: press Join, or just answer a question after the start, and you are in (the player count, standings and leaderboard count you). Teams: pick Team Red or Team Blue in the lobby; teams are fixed at the start. Review my mistakes opens when the quiz ends, for those who played.',
          },
          {
            name: 'If I lack a permission',
            value: 'I need View Channel, Send Messages, Embed Links and Read Message History in the channel, and `/quiz start` says which one is missing. If a question cannot be posted even after retries, the quiz ends there: nobody is scored on a question nobody saw, and the host is told why.',
          },
          {
            name: 'Scoring in competitions',
            value: `A right answer earns ${base}, plus up to ${speedBonus} for speed (more time left, more points). A partly right answer earns its share of both. Each right answer in a row after the first adds ${streakStep * 100}% (up to +${streakCap * 100}%). A team scores the average of its members, so team sizes do not matter. Ties go to whoever answered faster in total.`,
          },
          {
            name: 'Question types',
            value: 'Buttons for one right choice or true/false; a menu for "choose all that apply" (a wrong pick cancels a right one); for "put in order", click the steps in the order you think right, then Submit (each pair of steps in the right order earns its share).',
          },
          {
            name: 'Host controls',
            value: 'Skip reveals the answer now; Stop ends the quiz (answers already locked in count). `/quiz stop` does the same. Only the host, members with Manage Server, or the server’s quiz-host role can use them.',
          },
        ],
      },
    ],
    components: [],
  };
}
