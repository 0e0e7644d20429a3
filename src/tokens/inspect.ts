import { createHash } from 'node:crypto';
import { explainClaims, type ClaimEntry } from './claims.js';
import { extractAllFromPrepared, prepareInput, type Extraction, type ExtractSource, type Wrapper } from './extract.js';
import { decodeJwsJson } from './jws-json.js';
import { decodeCompact, malformed, type DecodedJose, type DecodedJwe, type DecodedJws, type JoseSegment, type MalformedReason } from './jwt.js';
import { codeLeak, jwtLeak, opaqueLeak, secretLeak, unknownLeak, withInsideSecrets, type Leak } from './leak.js';
import { assessRisks, type RiskNote } from './risks.js';
import type { SegmentProblem } from './base64url.js';
import { locateSecrets, type SecretFinding } from './secrets.js';
import type { InsideSecret } from './secrets-inside.js';
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
  notes: string[];
  leak: Leak;
  fingerprint: string;
}

/** Where the token sat in the paste and what was changed to read it. */
export interface FoundAt {
  source: ExtractSource;
  wrappers: Wrapper[];
  notes: string[];
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

/** `fingerprint`: a digest that tells two credentials apart without holding either (the guard remembers it). */
export type SignedInspection = SignedView & { found: FoundAt; leak: Leak; fingerprint: string };
export type EncryptedInspection = EncryptedView & { found: FoundAt; leak: Leak; fingerprint: string };
export type NotATokenInspection = NotATokenView & { found: FoundAt | undefined; leak: Leak; fingerprint: string | undefined };

/** One credential of a paste. */
export type CredentialInspection = SecretInspection | SignedInspection | EncryptedInspection | NotATokenInspection;

/** Everything in one paste: each credential on its own, in order, at most MAX_CREDENTIALS of them. */
export interface PasteInspection {
  kind: 'paste';
  /** Never empty: with nothing token-shaped, one 'no-token-found' entry. */
  credentials: CredentialInspection[];
  /** Further credentials beyond the cap, counted but not inspected. */
  leftOut: number;
}

/** Enough for any OAuth paste (code, access, refresh and ID token) without flooding one answer. */
export const MAX_CREDENTIALS = 5;

/** The first credential of a paste: for callers that answer with one. */
export function inspectToken(input: string, now: Date): Inspection {
  const paste = inspectPaste(input, now);
  return paste.kind === 'paste' ? (paste.credentials[0] as CredentialInspection) : paste;
}

/** The one entry point: what was pasted, and the time to judge expiry against. */
export function inspectPaste(input: string, now: Date): PasteInspection | TooLongInspection | EmptyInspection {
  const prepared = prepareInput(input);
  if (!prepared.ok) {
    return prepared.reason === 'empty'
      ? { kind: 'empty' }
      : { kind: 'too-long', bytes: prepared.bytes, limitBytes: prepared.limitBytes, leak: unknownLeak() };
  }
  const extracted = extractAllFromPrepared(prepared.text, prepared.notes);
  // Keyed by the secret's own text, in memory only: hashing every one of hundreds would cost more than finding them.
  const secrets = new Map<string, { finding: SecretFinding; notes: string[] }>();
  /** How many secrets `text` holds, new or already known. */
  const addSecrets = (text: string, notes: string[]): number => {
    const located = locateSecrets(text);
    for (const { start, end, finding } of located) {
      const raw = text.slice(start, end);
      if (!secrets.has(raw)) secrets.set(raw, { finding, notes });
    }
    return located.length;
  };
  addSecrets(prepared.text, prepared.notes);
  const tokens: CredentialInspection[] = [];
  const seen = new Set<string>();
  let uninspected = 0;
  for (const extraction of extracted.ok ? extracted.extractions : []) {
    const { candidate } = extraction;
    if (secrets.has(candidate) || seen.has(candidate)) continue;
    seen.add(candidate);
    // Past the cap a token is only counted: decoding it would be work nobody sees.
    if (secrets.size + tokens.length >= MAX_CREDENTIALS) {
      uninspected++;
      continue;
    }
    // A secret only visible once lines are joined or look-alikes replaced is still a secret.
    if (addSecrets(candidate, extraction.notes) > 0) continue;
    // The best-looking word of plain text is only a guess: a named secret beats it.
    if (extraction.source === 'plain' && !looksLikeJose(candidate) && secrets.size > 0) continue;
    tokens.push(inspectCandidate(extraction, fingerprintOf(candidate), now));
  }
  const named = [...secrets].slice(0, MAX_CREDENTIALS).map(([raw, { finding, notes }]): SecretInspection => ({
    kind: 'secret',
    secret: finding,
    notes,
    leak: secretLeak(finding),
    fingerprint: fingerprintOf(raw),
  }));
  const all: CredentialInspection[] = [...named, ...tokens];
  if (all.length === 0) {
    const found: FoundAt = { source: 'plain', wrappers: extracted.wrappers, notes: extracted.ok ? [...prepared.notes] : extracted.notes };
    all.push({ ...notAToken('no-token-found'), found, leak: unknownLeak(), fingerprint: undefined });
  }
  const counted = secrets.size + tokens.length + uninspected;
  return { kind: 'paste', credentials: all.slice(0, MAX_CREDENTIALS), leftOut: Math.max(0, counted - MAX_CREDENTIALS) };
}

const looksLikeJose = (candidate: string) => candidate.startsWith('eyJ') || candidate.startsWith('{');

/** SHA-256, shortened: kept in memory by the guard to tell one credential from another, never shown. */
function fingerprintOf(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 22);
}

function inspectCandidate(extraction: Extraction, fingerprint: string, now: Date): CredentialInspection {
  const { candidate, ...found } = extraction;
  const decoded = found.source === 'jws-json' ? (decodeJwsJson(candidate) ?? malformed('header-not-json', 0)) : decodeCompact(candidate);
  const view = analyse(decoded, now);
  if (view.kind === 'not-a-token') {
    const reason = view.reason === 'looks-opaque' && found.source.endsWith(':code') ? 'authorization-code' : view.reason;
    const leak = reason === 'authorization-code' ? codeLeak() : reason === 'looks-opaque' ? opaqueLeak() : unknownLeak();
    return { ...view, reason, found, leak, fingerprint };
  }
  if (view.kind === 'jwe') return { ...view, found, leak: withInsideSecrets(unknownLeak(), view.secretsInside), fingerprint };
  const timed = view.times ? view : innerSigned(view);
  const leak = withInsideSecrets(jwtLeak(timed?.times, timed?.verdict?.role), allInsideSecrets(view));
  return { ...view, found, leak, fingerprint };
}

/** An outer JWS without claims (cty: JWT) leaks as long as the token inside lives. */
function innerSigned(view: SignedView): SignedView | undefined {
  return view.nested && view.nested.kind !== 'jwe' && view.nested.kind !== 'not-a-token' ? view.nested : undefined;
}

function allInsideSecrets(view: SignedView): InsideSecret[] {
  const inner = view.nested && view.nested.kind !== 'not-a-token' ? view.nested.secretsInside : [];
  return [...view.secretsInside, ...inner];
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
