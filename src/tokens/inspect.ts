import { explainClaims, type ClaimEntry } from './claims.js';
import { extractFromPrepared, prepareInput, type ExtractSource, type Wrapper } from './extract.js';
import { decodeCompact, type DecodedJose, type DecodedJwe, type DecodedJws, type JoseSegment, type MalformedReason } from './jwt.js';
import { jwtLeak, secretLeak, unknownLeak, type Leak } from './leak.js';
import { assessRisks, type RiskNote } from './risks.js';
import type { SegmentProblem } from './base64url.js';
import { findSecrets, type SecretFinding } from './secrets.js';
import { assessTimes, type TokenTimes } from './times.js';
import { judgeRole, type Verdict } from './verdict.js';

/**
 * Everything the Discord side needs to answer a paste, as plain data: no markdown, no escaping,
 * and never the pasted secret itself. Decoding is not verifying: nothing here says "valid
 * signature", because nothing here checks one.
 */
export type Inspection =
  | TooLongInspection
  | EmptyInspection
  | SecretInspection
  | SignedInspection
  | EncryptedInspection
  | NotATokenInspection;

/** Rejected before any parsing. */
export interface TooLongInspection {
  kind: 'too-long';
  bytes: number;
  limitBytes: number;
  leak: Leak;
}

export interface EmptyInspection {
  kind: 'empty';
}

/** A known credential: named, never decoded, shown only as a masked tail. */
export interface SecretInspection {
  kind: 'secret';
  secret: SecretFinding;
  /** Further credentials in the same paste (masked too). */
  others: SecretFinding[];
  notes: string[];
  leak: Leak;
}

/** Where the token sat in the paste and what was changed to read it. */
export interface FoundAt {
  source: ExtractSource;
  wrappers: Wrapper[];
  notes: string[];
  alsoFound: ExtractSource[];
}

/** A JWS read without its key. `kind: 'unsecured'` is alg "none": say it loudly. */
export interface SignedView extends DecodedJws {
  /** Only when the payload is a JSON object (payload.kind === 'claims'). */
  claims: ClaimEntry[] | undefined;
  times: TokenTimes | undefined;
  verdict: Verdict | undefined;
  risks: RiskNote[];
  /** `cty: JWT`: the inner token, read one level deep. */
  nested: InnerView | undefined;
}

/** A JWE: its protected header only; the rest is ciphertext. */
export interface EncryptedView extends DecodedJwe {
  risks: RiskNote[];
}

export interface NotATokenView {
  kind: 'not-a-token';
  reason: NotATokenReason;
  /** Which part failed, and how, when the reason is about one part. */
  segment: JoseSegment | undefined;
  problem: SegmentProblem | undefined;
  parts: number | undefined;
}

/**
 * MalformedReason, plus: 'no-token-found' (nothing in the paste looks like a token) and
 * 'authorization-code' (an opaque ?code= value: single use, minutes long, useless once exchanged).
 */
export type NotATokenReason = MalformedReason | 'no-token-found' | 'authorization-code';

export type InnerView = SignedView | EncryptedView | NotATokenView;

export type SignedInspection = SignedView & { found: FoundAt; leak: Leak };
export type EncryptedInspection = EncryptedView & { found: FoundAt; leak: Leak };
export type NotATokenInspection = NotATokenView & { found: FoundAt | undefined; leak: Leak };

/** The one entry point: what was pasted, and the time to judge expiry against. */
export function inspectToken(input: string, now: Date): Inspection {
  const prepared = prepareInput(input);
  if (!prepared.ok) {
    return prepared.reason === 'empty'
      ? { kind: 'empty' }
      : { kind: 'too-long', bytes: prepared.bytes, limitBytes: prepared.limitBytes, leak: unknownLeak() };
  }
  const extracted = extractFromPrepared(prepared.text, prepared.notes);
  const secrets = findSecrets(prepared.text);
  const alsoInCandidate = extracted.ok && secrets.length === 0 ? findSecrets(extracted.extraction.candidate) : [];
  const [secret, ...others] = [...secrets, ...alsoInCandidate];
  if (secret) {
    const notes = extracted.ok ? extracted.extraction.notes : prepared.notes;
    return { kind: 'secret', secret, others, notes, leak: secretLeak(secret) };
  }
  if (!extracted.ok) {
    const found: FoundAt | undefined =
      extracted.reason === 'no-token-found'
        ? { source: 'plain', wrappers: extracted.wrappers, notes: extracted.notes, alsoFound: [] }
        : undefined;
    return { ...notAToken('no-token-found'), found, leak: unknownLeak() };
  }
  const { candidate, ...found } = extracted.extraction;
  const view = analyse(decodeCompact(candidate), now);
  if (view.kind === 'not-a-token') {
    const reason = view.reason === 'looks-opaque' && found.source.endsWith(':code') ? 'authorization-code' : view.reason;
    return { ...view, reason, found, leak: unknownLeak() };
  }
  if (view.kind === 'jwe') return { ...view, found, leak: unknownLeak() };
  const timed = view.times ? view : innerSigned(view);
  return { ...view, found, leak: jwtLeak(timed?.times, timed?.verdict?.role) };
}

/** An outer JWS without claims (cty: JWT) leaks as long as the token inside lives. */
function innerSigned(view: SignedView): SignedView | undefined {
  return view.nested && view.nested.kind !== 'jwe' && view.nested.kind !== 'not-a-token' ? view.nested : undefined;
}

function notAToken(reason: NotATokenReason, segment?: JoseSegment, problem?: SegmentProblem, parts?: number): NotATokenView {
  return { kind: 'not-a-token', reason, segment, problem, parts };
}

function analyse(decoded: DecodedJose, now: Date): InnerView {
  switch (decoded.kind) {
    case 'malformed':
      return notAToken(decoded.reason, decoded.segment, decoded.problem, decoded.parts);
    case 'jwe':
      return { ...decoded, risks: assessRisks({ header: decoded.header, claims: undefined, times: undefined, role: undefined, now }) };
    case 'jws':
    case 'unsecured': {
      const claimsSet = decoded.payload.kind === 'claims' ? decoded.payload.claims : undefined;
      const times = claimsSet ? assessTimes(claimsSet, now) : undefined;
      const verdict = claimsSet ? judgeRole(decoded.header, claimsSet) : undefined;
      return {
        ...decoded,
        claims: claimsSet ? explainClaims(claimsSet) : undefined,
        times,
        verdict,
        risks: assessRisks({ header: decoded.header, claims: claimsSet, times, role: verdict?.role, now }),
        nested: decoded.payload.kind === 'nested' ? analyse(decoded.payload.inner, now) : undefined,
      };
    }
  }
}
