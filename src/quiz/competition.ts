/**
 * A live competition as one pure function: `(state, event, now) -> (state', effects)`.
 * The shell persists `state'` with a compare-and-set on the state it read, then performs the
 * effects. A timer firing late, a host's click, a restarted process, a second process on the
 * same database and a failed post are all just events; a move that no longer applies is a
 * no-op, so whoever loses a race does nothing.
 */

/**
 * `posting`: the question is being posted (the intent is recorded before the POST). It is not
 * open for answers and its clock has not started: nobody is scored on a question nobody saw.
 */
export type CompetitionPhase = 'lobby' | 'posting' | 'question' | 'reveal' | 'finished' | 'cancelled';

export interface CompetitionState {
  phase: CompetitionPhase;
  /** -1 in the lobby. */
  questionIndex: number;
  questionCount: number;
  secondsPerQuestion: number;
  /** When the phase ends by itself (ms since the epoch): lobby expiry, question deadline, end of a reveal, next post attempt. */
  deadline: number | null;
  /** Failed attempts at posting the current question. */
  postAttempts: number;
}

export interface CompetitionTiming {
  revealPauseMs: number;
  lobbyTimeoutMs: number;
  /** How long a post may be in flight before it is tried again (with the same nonce, so never twice). */
  postTimeoutMs: number;
  /** Waits after the 1st, 2nd… failed post; when they run out, the competition ends. */
  postRetryDelaysMs: readonly number[];
}

export const defaultCompetitionTiming: CompetitionTiming = {
  revealPauseMs: 5_000,
  lobbyTimeoutMs: 600_000,
  postTimeoutMs: 30_000,
  postRetryDelaysMs: [1_000, 3_000, 9_000],
};

export type CompetitionEvent =
  | { type: 'start' }
  | { type: 'cancel' }
  | { type: 'stop' }
  | { type: 'skip' }
  /** A timer fired, or a restarted process found the deadline passed. Acts only when it has. */
  | { type: 'deadline' }
  /** A process (re)starting finds the competition running: a post it cannot know the fate of is made again. */
  | { type: 'resume' }
  | { type: 'all-answered'; questionIndex: number }
  | { type: 'posted'; questionIndex: number; messageId: string }
  | { type: 'post-failed'; questionIndex: number; permanent: boolean };

export type EndReason = 'completed' | 'stopped' | 'post-failed';

export type CompetitionEffect =
  | { type: 'refresh-lobby' }
  | { type: 'post-question'; questionIndex: number }
  | { type: 'close-question'; questionIndex: number }
  | { type: 'post-reveal'; questionIndex: number; last: boolean }
  /** Write the results and post the standings; `asked` counts only questions members saw and that were closed. */
  | { type: 'finish'; asked: number; reason: EndReason }
  | { type: 'tell-post-failed'; questionIndex: number };

export interface Transition {
  state: CompetitionState;
  /** Extra facts the shell stores with the state in the same compare-and-set. */
  questionMessageId?: string | null;
  phaseStartedAt: number;
  effects: CompetitionEffect[];
}

/** The move an event causes, or undefined when it does not apply to this state (a no-op). */
export function transition(state: CompetitionState, event: CompetitionEvent, now: number, timing: CompetitionTiming): Transition | undefined {
  const due = state.deadline !== null && state.deadline <= now;
  const q = state.questionIndex;
  const to = (changes: Partial<CompetitionState>, effects: CompetitionEffect[], extra: Partial<Transition> = {}): Transition => ({
    state: { ...state, ...changes },
    phaseStartedAt: now,
    effects,
    ...extra,
  });
  const postQuestion = (index: number, first: CompetitionEffect[] = []) =>
    to({ phase: 'posting', questionIndex: index, deadline: now + timing.postTimeoutMs, postAttempts: 0 }, [...first, { type: 'post-question', questionIndex: index }], {
      questionMessageId: null,
    });
  const end = (asked: number, reason: EndReason, effects: CompetitionEffect[] = []) =>
    to({ phase: 'finished', deadline: null }, [...effects, { type: 'finish', asked, reason }]);

  switch (state.phase) {
    case 'lobby':
      if (event.type === 'start') return postQuestion(0, [{ type: 'refresh-lobby' }]);
      if (event.type === 'cancel' || event.type === 'stop' || (event.type === 'deadline' && due)) {
        return to({ phase: 'cancelled', deadline: null }, [{ type: 'refresh-lobby' }]);
      }
      return undefined;

    case 'posting':
      if (event.type === 'posted' && event.questionIndex === q) {
        return to({ phase: 'question', deadline: now + state.secondsPerQuestion * 1000, postAttempts: 0 }, [], { questionMessageId: event.messageId });
      }
      if (event.type === 'post-failed' && event.questionIndex === q) {
        const wait = timing.postRetryDelaysMs[state.postAttempts];
        if (event.permanent || wait === undefined) return end(q, 'post-failed', [{ type: 'tell-post-failed', questionIndex: q }]);
        return to({ deadline: now + wait, postAttempts: state.postAttempts + 1 }, []);
      }
      // Posting again after a crash or a lost answer is safe: the nonce makes Discord return the same message.
      if ((event.type === 'deadline' && due) || event.type === 'resume') {
        return to({ deadline: now + timing.postTimeoutMs }, [{ type: 'post-question', questionIndex: q }]);
      }
      if (event.type === 'stop') return end(q, 'stopped');
      return undefined;

    case 'question': {
      const reveal = () =>
        to({ phase: 'reveal', deadline: now + timing.revealPauseMs }, [
          { type: 'close-question', questionIndex: q },
          { type: 'post-reveal', questionIndex: q, last: q >= state.questionCount - 1 },
        ]);
      if ((event.type === 'deadline' && due) || event.type === 'skip') return reveal();
      if (event.type === 'all-answered' && event.questionIndex === q) return reveal();
      if (event.type === 'stop') return end(q + 1, 'stopped', [{ type: 'close-question', questionIndex: q }]);
      return undefined;
    }

    case 'reveal':
      if ((event.type === 'deadline' && due) || event.type === 'skip') {
        return q >= state.questionCount - 1 ? end(state.questionCount, 'completed') : postQuestion(q + 1);
      }
      if (event.type === 'stop') return end(q + 1, 'stopped');
      return undefined;

    case 'finished':
    case 'cancelled':
      return undefined;
  }
}

/** Whether members may answer question `index` now: only the question on screen, before its deadline. */
export function acceptsAnswer(state: Pick<CompetitionState, 'phase' | 'questionIndex' | 'deadline'>, index: number, at: number): boolean {
  return state.phase === 'question' && state.questionIndex === index && (state.deadline === null || at <= state.deadline);
}
