import { describe, expect, test } from 'vitest';
import {
  acceptsAnswer,
  defaultCompetitionTiming as timing,
  transition,
  type CompetitionEvent,
  type CompetitionPhase,
  type CompetitionState,
} from '../../src/quiz/competition.js';

const now = 1_000_000;
const state = (phase: CompetitionPhase, changes: Partial<CompetitionState> = {}): CompetitionState => ({
  phase,
  questionIndex: phase === 'lobby' ? -1 : 0,
  questionCount: 3,
  secondsPerQuestion: 20,
  deadline: now - 1,
  postAttempts: 0,
  ...changes,
});
const effectTypes = (from: CompetitionState, event: CompetitionEvent) => transition(from, event, now, timing)?.effects.map((effect) => effect.type);

describe('the competition table: every phase meets every event', () => {
  test.each<[string, CompetitionState, CompetitionEvent, Partial<CompetitionState> | undefined, string[] | undefined]>([
    ['the host starts', state('lobby'), { type: 'start' }, { phase: 'posting', questionIndex: 0, deadline: now + timing.postTimeoutMs }, ['refresh-lobby', 'post-question']],
    ['the lobby expires', state('lobby'), { type: 'deadline' }, { phase: 'cancelled', deadline: null }, ['refresh-lobby']],
    ['a stop in the lobby closes it', state('lobby'), { type: 'stop' }, { phase: 'cancelled' }, ['refresh-lobby']],
    ['a lobby timer that fires early', state('lobby', { deadline: now + 5 }), { type: 'deadline' }, undefined, undefined],
    ['a skip in the lobby', state('lobby'), { type: 'skip' }, undefined, undefined],
    ['the post succeeds: the clock starts now', state('posting'), { type: 'posted', questionIndex: 0, messageId: 'm' }, { phase: 'question', deadline: now + 20_000 }, []],
    ['a post for another question', state('posting'), { type: 'posted', questionIndex: 1, messageId: 'm' }, undefined, undefined],
    ['a post that failed for now is retried later', state('posting'), { type: 'post-failed', questionIndex: 0, permanent: false }, { phase: 'posting', postAttempts: 1, deadline: now + 1_000 }, []],
    ['a post refused for good ends the quiz unscored', state('posting'), { type: 'post-failed', questionIndex: 0, permanent: true }, { phase: 'finished' }, ['tell-post-failed', 'finish']],
    ['the last retry fails', state('posting', { postAttempts: 3 }), { type: 'post-failed', questionIndex: 0, permanent: false }, { phase: 'finished' }, ['tell-post-failed', 'finish']],
    ['a restart finds a post in flight too long: post again (same nonce)', state('posting'), { type: 'deadline' }, { phase: 'posting', deadline: now + timing.postTimeoutMs }, ['post-question']],
    ['a restart finds a post of unknown fate: post again at once (same nonce)', state('posting', { deadline: now + 20_000 }), { type: 'resume' }, { phase: 'posting' }, ['post-question']],
    ['a restart finds a question running', state('question', { deadline: now + 5 }), { type: 'resume' }, undefined, undefined],
    ['nobody can skip a question nobody has seen', state('posting'), { type: 'skip' }, undefined, undefined],
    ['a stop while posting', state('posting'), { type: 'stop' }, { phase: 'finished' }, ['finish']],
    ['the question deadline', state('question'), { type: 'deadline' }, { phase: 'reveal', deadline: now + timing.revealPauseMs }, ['close-question', 'post-reveal']],
    ['everyone answered', state('question'), { type: 'all-answered', questionIndex: 0 }, { phase: 'reveal' }, ['close-question', 'post-reveal']],
    ['everyone answered an older question', state('question', { questionIndex: 1 }), { type: 'all-answered', questionIndex: 0 }, undefined, undefined],
    ['a question timer that fires early', state('question', { deadline: now + 10 }), { type: 'deadline' }, undefined, undefined],
    ['a stop meets a running question', state('question'), { type: 'stop' }, { phase: 'finished' }, ['close-question', 'finish']],
    ['a start that comes late', state('question'), { type: 'start' }, undefined, undefined],
    ['the reveal pause ends', state('reveal'), { type: 'deadline' }, { phase: 'posting', questionIndex: 1 }, ['post-question']],
    ['the last reveal ends', state('reveal', { questionIndex: 2 }), { type: 'deadline' }, { phase: 'finished' }, ['finish']],
    ['a stop during a reveal', state('reveal'), { type: 'stop' }, { phase: 'finished' }, ['finish']],
    ['a deadline after the end', state('finished'), { type: 'deadline' }, undefined, undefined],
    ['a stop meets a stop', state('finished'), { type: 'stop' }, undefined, undefined],
    ['a cancelled lobby started late', state('cancelled'), { type: 'start' }, undefined, undefined],
  ])('GIVEN %s', (_case, from, event, expected, effects) => {
    const move = transition(from, event, now, timing);
    if (expected === undefined) {
      expect(move).toBeUndefined();
      return;
    }
    expect(move?.state).toMatchObject(expected);
    expect(move?.effects.map((effect) => effect.type)).toEqual(effects);
  });

  test('GIVEN a quiz stopped on question 2 THEN the questions asked count 2, and a failed post of question 2 counts 1', () => {
    const finish = (from: CompetitionState, event: CompetitionEvent) => transition(from, event, now, timing)?.effects.find((effect) => effect.type === 'finish');
    expect(finish(state('question', { questionIndex: 1 }), { type: 'stop' })).toEqual({ type: 'finish', asked: 2, reason: 'stopped' });
    expect(finish(state('posting', { questionIndex: 1 }), { type: 'post-failed', questionIndex: 1, permanent: true })).toEqual({
      type: 'finish',
      asked: 1,
      reason: 'post-failed',
    });
  });

  test('GIVEN a move into posting THEN the previous question message is cleared with it', () => {
    expect(transition(state('reveal'), { type: 'deadline' }, now, timing)?.questionMessageId).toBeNull();
    expect(transition(state('posting'), { type: 'posted', questionIndex: 0, messageId: '42' }, now, timing)?.questionMessageId).toBe('42');
  });

  test('GIVEN the same event applied twice to the state it produced THEN the second is a no-op or a retry, never a second reveal', () => {
    const first = transition(state('question'), { type: 'all-answered', questionIndex: 0 }, now, timing);
    expect(first).toBeDefined();
    expect(effectTypes(first!.state, { type: 'all-answered', questionIndex: 0 })).toBeUndefined();
  });
});

describe('who may answer', () => {
  test.each<[string, CompetitionState, number, number, boolean]>([
    ['the open question before its deadline', state('question', { deadline: now + 1 }), 0, now, true],
    ['the open question after its deadline', state('question', { deadline: now - 1 }), 0, now, false],
    ['a question still being posted', state('posting', { deadline: now + 1 }), 0, now, false],
    ['a later question', state('question', { deadline: now + 1 }), 1, now, false],
    ['during the reveal', state('reveal', { deadline: now + 1 }), 0, now, false],
  ])('GIVEN %s THEN accepting is %s', (_case, from, index, at, expected) => {
    expect(acceptsAnswer(from, index, at)).toBe(expected);
  });
});
