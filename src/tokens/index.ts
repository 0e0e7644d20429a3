/** The token inspector's pure core: no Discord, no I/O, no clock of its own. */
export { inspectPaste, inspectToken, MAX_CREDENTIALS } from './inspect.js';
export type {
  CredentialInspection,
  EmptyInspection,
  PasteInspection,
  EncryptedInspection,
  EncryptedView,
  FoundAt,
  InnerView,
  Inspection,
  NotATokenInspection,
  NotATokenReason,
  NotATokenView,
  SecretInspection,
  SignedInspection,
  SignedView,
  TooLongInspection,
} from './inspect.js';
export { extractCandidate, type ExtractResult, type ExtractSource, type Extraction, type Wrapper } from './extract.js';
export { findSecrets, SECRET_FAMILIES, type SecretFamily, type SecretFamilyId, type SecretFinding } from './secrets.js';
export { decodeCompact, type DecodedJose, type Serialization, type JoseSegment, type MalformedReason, type PayloadView, type SignatureInfo } from './jwt.js';
export { explainClaims, type ClaimEntry, type ClaimOrigin } from './claims.js';
export type { HeaderEntry } from './header.js';
export { assessTimes, readTime, type TimeProblem, type TimeReading, type TokenTimes, type ValidityState } from './times.js';
export { judgeRole, type TokenRole, type Verdict } from './verdict.js';
export { assessRisks, CLOCK_SKEW_SECONDS, LONG_LIFETIME_SECONDS, type RiskCode, type RiskNote, type RiskSeverity } from './risks.js';
export type { Leak, LeakLevel } from './leak.js';
export type { SegmentProblem } from './base64url.js';
export { decodeJwsJson } from './jws-json.js';
export type { InsideSecret } from './secrets-inside.js';
export type { JsonObject, JsonValue } from './json.js';
export { MAX_INPUT_BYTES } from './limits.js';
