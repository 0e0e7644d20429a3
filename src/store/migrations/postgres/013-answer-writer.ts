/**
 * A first answer in one round trip. The bot reads the session and the member without a lock,
 * scores the answer from what it read, and calls this function, which takes the session's row
 * lock (ordering the answer against a phase move, as the answer transaction does), checks that
 * what the score was based on has not changed, then claims the interaction and writes the
 * answer, the member's player row, the active day and the question's tally. One statement is one
 * transaction: any failure, or a raised serialization failure when a row the bot did not see
 * turns up, undoes all of it, and the bot then takes the locked transaction instead.
 *
 * Outcomes: 'recorded' (with the tally and the player count), 'elsewhere' (another process claimed
 * the interaction; nothing written) or 'changed' (the session or the member moved on since the
 * read; nothing written).
 */
export const answerWriter = {
  version: 13,
  name: 'the answer writer: a first answer in one round trip',
  sql: `
    CREATE OR REPLACE FUNCTION record_answer_if_unchanged(
      a_session_id TEXT, a_question_index INTEGER, a_user_id TEXT, a_interaction_id BIGINT, a_claimed_at BIGINT,
      seen_phase TEXT, seen_posting BOOLEAN, seen_phase_started_at BIGINT, seen_deadline BIGINT,
      seen_player BOOLEAN, seen_streak INTEGER, seen_last_question INTEGER, seen_answered INTEGER,
      a_question_id TEXT, a_response TEXT, a_credit DOUBLE PRECISION, a_correct INTEGER, a_points INTEGER,
      a_elapsed_ms BIGINT, a_answered_at BIGINT, a_display_name TEXT, a_streak INTEGER, a_guild_id TEXT, a_day TEXT)
    RETURNS TABLE (written TEXT, answered_now INTEGER, players_now INTEGER)
    LANGUAGE plpgsql AS $writer$
    DECLARE
      players INTEGER;
      tally INTEGER;
    BEGIN
      SELECT s.player_count INTO players FROM quiz_sessions s
      WHERE s.id = a_session_id AND s.phase = seen_phase AND s.question_index = a_question_index
        AND (s.question_message_id IS NULL) = seen_posting AND s.phase_started_at = seen_phase_started_at
        AND s.deadline IS NOT DISTINCT FROM seen_deadline
      FOR UPDATE;
      IF NOT FOUND THEN
        RETURN QUERY SELECT 'changed'::TEXT, NULL::INTEGER, NULL::INTEGER;
        RETURN;
      END IF;
      -- Each statement here reads what committed before it, so after the lock this is current.
      PERFORM 1 FROM quiz_players p WHERE p.session_id = a_session_id AND p.user_id = a_user_id
        AND (NOT seen_player OR (p.streak = seen_streak AND p.last_question = seen_last_question AND p.answered = seen_answered))
      FOR UPDATE;
      IF FOUND <> seen_player THEN
        RETURN QUERY SELECT 'changed'::TEXT, NULL::INTEGER, NULL::INTEGER;
        RETURN;
      END IF;
      IF a_interaction_id IS NOT NULL THEN
        INSERT INTO interaction_claims (interaction_id, claimed_at) VALUES (a_interaction_id, a_claimed_at) ON CONFLICT DO NOTHING;
        IF NOT FOUND THEN
          RETURN QUERY SELECT 'elsewhere'::TEXT, NULL::INTEGER, NULL::INTEGER;
          RETURN;
        END IF;
      END IF;
      INSERT INTO quiz_answers (session_id, question_index, question_id, user_id, response, credit, correct, points, elapsed_ms, answered_at)
      VALUES (a_session_id, a_question_index, a_question_id, a_user_id, a_response, a_credit, a_correct, a_points, a_elapsed_ms, a_answered_at)
      ON CONFLICT DO NOTHING;
      IF NOT FOUND THEN
        RAISE EXCEPTION 'an answer the reading did not show' USING ERRCODE = 'serialization_failure';
      END IF;
      IF seen_player THEN
        UPDATE quiz_players SET points = points + a_points, correct = correct + a_correct, answered = answered + 1,
          answer_time_ms = answer_time_ms + a_elapsed_ms, streak = a_streak, best_streak = GREATEST(best_streak, a_streak),
          last_question = CASE WHEN a_correct = 1 THEN a_question_index ELSE last_question END
        WHERE session_id = a_session_id AND user_id = a_user_id;
      ELSE
        -- Answering is joining: the row starts with this answer's score.
        INSERT INTO quiz_players (session_id, user_id, display_name, team, joined_at, points, correct, answered, answer_time_ms, streak, best_streak, last_question)
        VALUES (a_session_id, a_user_id, a_display_name, NULL, a_answered_at, a_points, a_correct, 1, a_elapsed_ms, a_streak, a_streak,
          CASE WHEN a_correct = 1 THEN a_question_index ELSE -1 END)
        ON CONFLICT DO NOTHING;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'a player the reading did not show' USING ERRCODE = 'serialization_failure';
        END IF;
        UPDATE quiz_sessions SET player_count = quiz_sessions.player_count + 1 WHERE id = a_session_id RETURNING quiz_sessions.player_count INTO players;
      END IF;
      INSERT INTO active_days (guild_id, user_id, day) VALUES (a_guild_id, a_user_id, a_day) ON CONFLICT DO NOTHING;
      INSERT INTO quiz_question_tallies (session_id, question_index, answered) VALUES (a_session_id, a_question_index, 1)
      ON CONFLICT (session_id, question_index) DO UPDATE SET answered = quiz_question_tallies.answered + 1
      RETURNING quiz_question_tallies.answered INTO tally;
      RETURN QUERY SELECT 'recorded'::TEXT, tally, players;
    END;
    $writer$;
  `,
};
