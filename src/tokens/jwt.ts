import { decodeJwt, decodeProtectedHeader } from 'jose';
import { decodedByteLength, decodeSegment, segmentProblem, utf8OrUndefined, type SegmentProblem } from './base64url.js';
import { explainHeader, saysNestedJwt, stringParameter, type HeaderEntry } from './header.js';
import { isJsonObject, own, parseJson, type JsonObject, type JsonValue } from './json.js';

/** The parts of a compact serialisation, named as the RFCs name them. */
export type JoseSegment = 'header' | 'payload' | 'signature' | 'encrypted-key' | 'iv' | 'ciphertext' | 'tag';

/** Why a candidate cannot be decoded, as a short code the Discord side words. */
export type MalformedReason =
  /** No dot at all: an opaque token (random text) that only its issuer can look up. */
  | 'looks-opaque'
  /** Dots, but neither 3 parts (JWS) nor 5 (JWE). */
  | 'not-three-parts'
  | 'empty-header'
  | 'bad-base64url'
  /** The first part decodes, but not to JSON text. */
  | 'header-not-json'
  /** JSON, but not an object (a number, a string, an array). */
  | 'header-not-object';

export interface Malformed {
  kind: 'malformed';
  reason: MalformedReason;
  parts: number;
  segment?: JoseSegment;
  problem?: SegmentProblem;
}

/**
 * What a JWS carries. Only `claims` gets a claims table; the others are shown as what they are,
 * none of them is an error.
 */
export type PayloadView =
  | { kind: 'claims'; claims: JsonObject }
  | { kind: 'json-array'; json: JsonValue[] }
  | { kind: 'json-value'; json: string | number | boolean | null }
  | { kind: 'text'; text: string; unencoded: boolean }
  | { kind: 'binary'; bytes: number }
  /** Nothing after decoding (or only whitespace). */
  | { kind: 'empty' }
  /** An empty payload part with a signature: the content travels separately (RFC 7515 Appendix F). */
  | { kind: 'detached' }
  /** `cty: JWT`: the payload is another token, opened one level. */
  | { kind: 'nested'; text: string; inner: DecodedJose }
  /** `cty: JWT` inside a token that was itself nested: left closed so work stays bounded. */
  | { kind: 'nested-not-opened'; text: string };

export interface SignatureInfo {
  /** Always false: the bot never verifies a signature, so it never calls one valid or invalid. */
  verified: false;
  present: boolean;
  bytes: number;
  problem: SegmentProblem | undefined;
}

export interface DecodedJws {
  kind: 'jws' | 'unsecured';
  header: JsonObject;
  headerEntries: HeaderEntry[];
  alg: string | undefined;
  signature: SignatureInfo;
  payload: PayloadView;
}

export interface DecodedJwe {
  kind: 'jwe';
  header: JsonObject;
  headerEntries: HeaderEntry[];
  alg: string | undefined;
  enc: string | undefined;
  /** Sizes only: nothing here can be read without the recipient's key. */
  sizes: { encryptedKey: number; iv: number; ciphertext: number; tag: number };
  /** `cty: JWT`: another token is inside, encrypted. */
  containsJwt: boolean;
}

export type DecodedJose = DecodedJws | DecodedJwe | Malformed;

/** Compact JWS or JWE, decoded without any key: headers and payload as data, nothing verified. */
export function decodeCompact(candidate: string, depth = 0): DecodedJose {
  const parts = candidate.split('.');
  if (parts.length === 1) return malformed('looks-opaque', 1);
  if (parts.length !== 3 && parts.length !== 5) return malformed('not-three-parts', parts.length);
  const header = readHeader(candidate, parts);
  if (header.kind === 'malformed') return header;
  return parts.length === 5 ? decodeJwe(header.header, parts) : decodeJws(candidate, header.header, parts, depth);
}

function malformed(reason: MalformedReason, parts: number, segment?: JoseSegment, problem?: SegmentProblem): Malformed {
  return { kind: 'malformed', reason, parts, ...(segment ? { segment } : {}), ...(problem ? { problem } : {}) };
}

function readHeader(candidate: string, parts: readonly string[]): { kind: 'header'; header: JsonObject } | Malformed {
  const encoded = parts[0] ?? '';
  if (encoded === '') return malformed('empty-header', parts.length, 'header');
  const decoded = decodeSegment(encoded);
  if (!decoded.ok) return malformed('bad-base64url', parts.length, 'header', decoded.problem);
  const text = utf8OrUndefined(decoded.bytes);
  const parsed = text === undefined ? undefined : parseJson(text);
  if (!parsed?.ok) return malformed('header-not-json', parts.length, 'header');
  if (!isJsonObject(parsed.value)) return malformed('header-not-object', parts.length, 'header');
  try {
    // jose reads the same bytes; our own checks above only exist to say *why* it would refuse.
    return { kind: 'header', header: decodeProtectedHeader(candidate) as JsonObject };
  } catch {
    return malformed('header-not-json', parts.length, 'header');
  }
}

function decodeJws(candidate: string, header: JsonObject, parts: readonly string[], depth: number): DecodedJws | Malformed {
  const [, encodedPayload = '', encodedSignature = ''] = parts;
  const alg = stringParameter(header, 'alg');
  const signature: SignatureInfo = {
    verified: false,
    present: encodedSignature !== '',
    bytes: decodedByteLength(encodedSignature),
    problem: segmentProblem(encodedSignature),
  };
  const payload = readPayload(candidate, header, encodedPayload, signature.present, depth);
  if (payload.kind === 'malformed') return { ...payload, parts: parts.length };
  return {
    kind: alg !== undefined && alg.toLowerCase() === 'none' ? 'unsecured' : 'jws',
    header,
    headerEntries: explainHeader(header),
    alg,
    signature,
    payload,
  };
}

function readPayload(
  candidate: string,
  header: JsonObject,
  encoded: string,
  signed: boolean,
  depth: number,
): PayloadView | Malformed {
  if (encoded === '') return signed ? { kind: 'detached' } : { kind: 'empty' };
  // RFC 7797: with "b64": false the payload part is the content itself.
  if (own(header, 'b64') === false) return { kind: 'text', text: encoded, unencoded: true };
  const decoded = decodeSegment(encoded);
  if (!decoded.ok) return malformed('bad-base64url', 3, 'payload', decoded.problem);
  const text = utf8OrUndefined(decoded.bytes);
  if (text === undefined) return { kind: 'binary', bytes: decoded.bytes.length };
  if (text.trim() === '') return { kind: 'empty' };
  if (saysNestedJwt(header)) {
    const inner = text.trim();
    return depth === 0 ? { kind: 'nested', text: inner, inner: decodeCompact(inner, depth + 1) } : { kind: 'nested-not-opened', text: inner };
  }
  const parsed = parseJson(text);
  if (!parsed.ok) return { kind: 'text', text, unencoded: false };
  if (isJsonObject(parsed.value)) return { kind: 'claims', claims: claimsViaJose(candidate, parsed.value) };
  if (Array.isArray(parsed.value)) return { kind: 'json-array', json: parsed.value };
  return { kind: 'json-value', json: parsed.value };
}

function claimsViaJose(candidate: string, parsed: JsonObject): JsonObject {
  try {
    return decodeJwt(candidate) as JsonObject;
  } catch {
    return parsed;
  }
}

function decodeJwe(header: JsonObject, parts: readonly string[]): DecodedJwe | Malformed {
  const names: JoseSegment[] = ['header', 'encrypted-key', 'iv', 'ciphertext', 'tag'];
  for (const [index, name] of names.entries()) {
    const problem = index === 0 ? undefined : segmentProblem(parts[index] ?? '');
    if (problem) return malformed('bad-base64url', 5, name, problem);
  }
  const size = (index: number): number => decodedByteLength(parts[index] ?? '');
  return {
    kind: 'jwe',
    header,
    headerEntries: explainHeader(header),
    alg: stringParameter(header, 'alg'),
    enc: stringParameter(header, 'enc'),
    sizes: { encryptedKey: size(1), iv: size(2), ciphertext: size(3), tag: size(4) },
    containsJwt: saysNestedJwt(header),
  };
}
