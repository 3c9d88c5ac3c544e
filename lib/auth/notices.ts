/**
 * One-line notices a redirect can ask a page to show (`?notice=signed-out`). Only these keys
 * are honoured, so a crafted URL cannot put its own words on our pages.
 */
export type Notice = { tone: "info" | "success" | "error"; text: string };

const NOTICES = {
  "signed-out": { tone: "info", text: "You have been signed out." },
  "password-updated": { tone: "success", text: "Your password has been updated." },
  "link-expired": { tone: "error", text: "That link has expired or was already used. Request a new one below." },
  "link-invalid": { tone: "error", text: "That link isn't valid. Request a new one below." },
} satisfies Record<string, Notice>;

export type NoticeKey = keyof typeof NOTICES;

export function noticeFor(key: unknown): Notice | null {
  return typeof key === "string" && Object.hasOwn(NOTICES, key) ? NOTICES[key as NoticeKey] : null;
}

export function withNotice(path: string, notice: NoticeKey): string {
  return `${path}?notice=${notice}`;
}
