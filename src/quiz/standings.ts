export interface PlayerTotal {
  userId: string;
  points: number;
  /** Sum of the member's answer times: the earlier total wins a tie. */
  answerTimeMs: number;
  team: number | null;
}

export interface Ranked<T> {
  rank: number;
  entry: T;
}

/** Highest points first; a tie goes to the smaller total answer time; a full tie shares a rank. */
export function rankPlayers<T extends PlayerTotal>(players: readonly T[]): Ranked<T>[] {
  const sorted = [...players].sort((a, b) => b.points - a.points || a.answerTimeMs - b.answerTimeMs || a.userId.localeCompare(b.userId));
  const ranked: Ranked<T>[] = [];
  sorted.forEach((entry, index) => {
    const previous = ranked[index - 1];
    const tied = previous && previous.entry.points === entry.points && previous.entry.answerTimeMs === entry.answerTimeMs;
    ranked.push({ rank: tied ? previous.rank : index + 1, entry });
  });
  return ranked;
}

export interface TeamTotal {
  team: number;
  members: number;
  /** The average of the members' points, so a bigger team has no head start. */
  points: number;
}

export function teamTotals(players: readonly PlayerTotal[], teamCount: number): TeamTotal[] {
  return Array.from({ length: teamCount }, (_, team) => {
    const members = players.filter((player) => player.team === team);
    const sum = members.reduce((total, player) => total + player.points, 0);
    return { team, members: members.length, points: members.length === 0 ? 0 : Math.round(sum / members.length) };
  }).sort((a, b) => b.points - a.points);
}
