import { base64url } from 'jose';

/** Why a compact-serialisation segment is not base64url, in words a learner can act on. */
export type SegmentProblem =
  /** `+` or `/`: standard base64, not the URL-safe alphabet JOSE requires. */
  | 'standard-base64'
  /** `=` padding, which compact JOSE never carries. */
  | 'padding'
  /** A character outside A–Z a–z 0–9 - _ (a space, a quote, an emoji…). */
  | 'bad-character'
  /** A length no base64 text can have (4n + 1): a character was lost or added. */
  | 'bad-length';

/** `padded`: the segment ended in well-formed `=` padding, which was dropped to read it. */
export type DecodedSegment = { ok: true; bytes: Uint8Array; padded: boolean } | { ok: false; problem: SegmentProblem };

const URL_SAFE = /^[A-Za-z0-9_-]*$/;
const WELL_PADDED = /^[A-Za-z0-9_-]+={1,2}$/;

/**
 * Hand-rolled encoders often keep base64's `=` padding. RFC 7515 §2 forbids it, but when it is
 * exactly the padding the length calls for, the bytes are unambiguous: read them and say so.
 */
export function withoutPadding(segment: string): string | undefined {
  return WELL_PADDED.test(segment) && segment.length % 4 === 0 ? segment.replace(/={1,2}$/, '') : undefined;
}

export function decodeSegment(segment: string): DecodedSegment {
  const unpadded = withoutPadding(segment);
  if (unpadded !== undefined) {
    const decoded = decodeSegment(unpadded);
    return decoded.ok ? { ...decoded, padded: true } : decoded;
  }
  if (!URL_SAFE.test(segment)) return { ok: false, problem: classifyBadSegment(segment) };
  if (segment.length % 4 === 1) return { ok: false, problem: 'bad-length' };
  try {
    return { ok: true, bytes: base64url.decode(segment), padded: false };
  } catch {
    return { ok: false, problem: 'bad-length' };
  }
}

/** Checks the alphabet and length only: for parts we never decode (signature, ciphertext). */
export function segmentProblem(segment: string): SegmentProblem | undefined {
  if (!URL_SAFE.test(segment)) return classifyBadSegment(segment);
  return segment.length % 4 === 1 ? 'bad-length' : undefined;
}

/** Decoded size of a well-formed segment, without decoding it. */
export function decodedByteLength(segment: string): number {
  return Math.floor((segment.length * 3) / 4);
}

function classifyBadSegment(segment: string): SegmentProblem {
  if (/^[A-Za-z0-9_+/-]*=*$/.test(segment)) return /[+/]/.test(segment) ? 'standard-base64' : 'padding';
  return 'bad-character';
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Text when the bytes are valid UTF-8; undefined for binary content. */
export function utf8OrUndefined(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}
