/** Text that came from people (org names, display names, emails), made safe to place in HTML. */

const HTML_ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes for element content and for quoted attribute values alike. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => HTML_ENTITIES[char]);
}

/**
 * One line of display text: control characters (a newline would forge lines in the plain-text
 * part or a header) and bidi overrides (which can make "evil.com" read as "moc.live") become a
 * space, runs of whitespace collapse.
 */
export function singleLine(value: string): string {
  return value.replace(/[\p{Cc}\p{Zl}\p{Zp}\u202a-\u202e\u2066-\u2069]+/gu, " ").replace(/\s+/g, " ").trim();
}
