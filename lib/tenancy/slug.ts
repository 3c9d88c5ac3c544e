/** Organization URL names: the rules the database enforces, and a suggestion from a name. */

export const SLUG_MAX_LENGTH = 48;
export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/;

/** "Acme Corp, Inc." → "acme-corp-inc"; accents folded, anything else becomes a single hyphen. */
export function slugify(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+/, "")
    .slice(0, SLUG_MAX_LENGTH)
    .replace(/-+$/, "");
}
