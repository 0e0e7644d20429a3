/**
 * What of a secret may be shown: its public prefix (the family marker, like "ghp_") and at most
 * its last 4 characters, fewer for short secrets, so at most an eighth of it is ever visible.
 * The tail lets the owner tell which of their keys leaked; it is what vendors show themselves.
 */
export function maskedTail(secret: string, visiblePrefix = ''): string {
  const tailLength = Math.min(4, Math.floor(secret.length / 8));
  const tail = tailLength > 0 ? secret.slice(-tailLength) : '';
  return `${visiblePrefix}…${tail}`;
}
