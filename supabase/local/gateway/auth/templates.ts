/**
 * Renders Supabase email templates: Go `html/template` syntax limited to what email templates use,
 * `{{ .Field }}` and `{{ .Data.key }}`, escaped by context as html/template does — query-escaped
 * after the `?` of an href, URL-normalized at its start, HTML-escaped in text. Also derives the
 * plain-text alternative kept beside the HTML in the outbox.
 */

export type TemplateData = {
  SiteURL: string;
  ConfirmationURL: string;
  Token: string;
  TokenHash: string;
  RedirectTo: string;
  Email: string;
  NewEmail: string;
  Data: Record<string, unknown>;
};

const placeholder = /\{\{-?\s*\.([A-Za-z]+)(?:\.([A-Za-z0-9_]+))?\s*-?\}\}/g;

function lookup(data: TemplateData, field: string, key: string | undefined): string {
  if (field === "Data") {
    if (key === undefined) return JSON.stringify(data.Data);
    const value = data.Data[key];
    if (value === undefined || value === null) return "";
    return typeof value === "string" ? value : JSON.stringify(value);
  }
  const value = (data as Record<string, unknown>)[field];
  return typeof value === "string" ? value : "";
}

const htmlEscapes: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;" };
const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (char) => htmlEscapes[char]);

/** html/template's URL escaper: everything but unreserved characters, hex in lower case. */
const escapeQuery = (value: string) =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16)}`).replace(/%[0-9A-F]{2}/g, (s) => s.toLowerCase());

/** html/template's URL normalizer: a URL stays a URL, only unsafe characters are encoded. */
const normalizeUrl = (value: string) => encodeURI(value).replace(/[&'"]/g, (char) => htmlEscapes[char]);

/** Where a placeholder sits: inside an href/src attribute (before or after its `?`) or in text. */
function contextAt(template: string, index: number): "text" | "url" | "query" {
  const before = template.slice(0, index);
  const attr = /(?:href|src)\s*=\s*"([^"]*)$/i.exec(before);
  if (!attr) return "text";
  return attr[1].includes("?") ? "query" : "url";
}

export function renderHtml(template: string, data: TemplateData): string {
  return template.replace(placeholder, (_match, field: string, key: string | undefined, offset: number) => {
    const value = lookup(data, field, key);
    const context = contextAt(template, offset);
    if (context === "query") return escapeQuery(value);
    if (context === "url") return normalizeUrl(value);
    return escapeHtml(value);
  });
}

/** Subjects are plain text (GoTrue renders them with text/template). */
export function renderText(template: string, data: TemplateData): string {
  return template.replace(placeholder, (_match, field: string, key: string | undefined) => lookup(data, field, key));
}

const entities: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', "#34": '"', "#39": "'", nbsp: " ", middot: "·" };

/** A readable plain-text version of an HTML email: links keep their address, layout becomes lines. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(head|style|title)[\s\S]*?<\/\1>/gi, "")
    // Preheaders and decorative marks are not content.
    .replace(/<span[^>]*(?:display:\s*none|aria-hidden="true")[^>]*>[\s\S]*?<\/span>/gi, "")
    .replace(/<a\s[^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/gi, (_m, href: string, label: string) => {
      const text = label.replace(/<[^>]+>/g, "").trim();
      return text && !/^https?:\/\//.test(text) ? `${text}: ${href}` : href;
    })
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/(p|h[1-6]|tr|div|li)>/gi, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&(#?\w+);/g, (match, name: string) => entities[name] ?? match)
    .split("\n")
    .map((line) => line.replace(/\s+/g, " ").trim())
    .filter((line, i, lines) => line !== "" || (i > 0 && lines[i - 1] !== ""))
    .join("\n")
    .trim();
}
