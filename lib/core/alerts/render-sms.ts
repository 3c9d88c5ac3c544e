/**
 * SMS bodies: one line, in the GSM 03.38 alphabet where we choose the characters (a single
 * character outside it makes the whole message UCS-2, 70 characters a segment instead of 160),
 * at most 160 characters when the names allow it and never more than 320 (two segments and a
 * little). Names people typed may still carry other characters; they are shortened first.
 */
import { singleLine } from "../notifications/escape-html.ts";
import type { MoneyStyle } from "./alert-summary.ts";
import { formatAmount } from "./message-format.ts";
import { RenderError } from "./render-error.ts";

const SMS_TARGET = 160;
export const SMS_LIMIT = 320;

/** The GSM 03.38 basic set and its extension table (which costs two septets a character). */
const GSM = /^[@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&'()*+,\-./0-9:;<=>?¡A-ZÄÖÑÜ§¿a-zäöñüà^{}\\[~\]|€]*$/;

function isGsm(text: string): boolean {
  return GSM.test(text);
}

/** Typography the app writes elsewhere, in its GSM spelling. */
function gsmTypography(text: string): string {
  return text
    .replace(/[\u00a0\u2007\u202f]/g, " ")
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2013\u2014]/g, "-")
    .replace(/\u2026/g, "...")
    .replace(/\u00b7/g, "-");
}

/** Amounts with the currency's symbol when GSM has it ($, £, €, ¥), else its code ("INR 12.50"). */
export function smsMoneyStyle(currency: string): MoneyStyle {
  return isGsm(formatAmount("1", currency)) ? "symbol" : "code";
}

/**
 * The message `sentence(names)` followed by the link, trying ever shorter names (the cap on each
 * name people typed) until it fits 160 characters; failing that the shortest form, cut to 320.
 */
export function fitSms(sentence: (names: number) => string, link?: string): string {
  const join = (text: string) => (link ? `${text} ${link}` : text);
  let body = "";
  for (const names of [48, 24, 12]) {
    body = gsmTypography(singleLine(sentence(names)));
    if (join(body).length <= SMS_TARGET) return join(body);
  }
  const room = SMS_LIMIT - (link ? link.length + 1 : 0);
  if (room < SMS_TARGET / 2) throw new RenderError("The site URL is too long to leave room for a text message.");
  if (body.length > room) {
    // Cut by characters, not UTF-16 units, so no emoji is split in half.
    const chars = [...body];
    while (chars.join("").trimEnd().length > room - 3) chars.pop();
    body = `${chars.join("").trimEnd()}...`;
  }
  return join(body);
}
