/**
 * Where a notification channel may send: an email address, a phone number (E.164) or a webhook
 * URL, checked and normalized the same way in the settings form, the API and the dispatcher.
 *
 * Webhooks are requests our servers make to an address a customer typed, so an address inside
 * our own network (loopback, private ranges, the cloud metadata service at 169.254.169.254)
 * would let anyone make us call it. This module refuses such addresses when they are written
 * literally, in any form WHATWG URL parsing normalizes ("http://2130706433/", "http://0x7f.1/",
 * "http://[::ffff:127.0.0.1]/" all become loopback). A hostname can still resolve to a private
 * address (or change what it resolves to): the dispatcher checks the resolved addresses with
 * isPrivateAddress before it connects.
 */
import { z } from "zod";

export type ParsedDestination = { ok: true; value: string } | { ok: false; message: string };

const MAX_EMAIL_LENGTH = 254;
const MAX_WEBHOOK_URL_LENGTH = 2000;
const emailSchema = z.email();

export function parseEmailDestination(input: string): ParsedDestination {
  const value = input.trim().toLowerCase();
  if (value === "") return { ok: false, message: "Enter an email address." };
  if (value.length > MAX_EMAIL_LENGTH) return { ok: false, message: "Email addresses can be at most 254 characters." };
  if (!emailSchema.safeParse(value).success) {
    return { ok: false, message: "Enter an email address like ops@example.com." };
  }
  return { ok: true, value };
}

/** Spaces, dashes, dots and brackets people write between digit groups. */
const PHONE_SEPARATORS = /[\s\-.()\u00a0]/g;

export function parsePhoneDestination(input: string): ParsedDestination {
  const value = input.trim().replace(PHONE_SEPARATORS, "");
  if (value === "") return { ok: false, message: "Enter a phone number." };
  if (!value.startsWith("+")) {
    return { ok: false, message: "Phone numbers must start with + and the country code, like +1 415 555 0100." };
  }
  // E.164: a country code that does not start with 0, at most 15 digits in all; fewer than 8
  // digits is no full international number anywhere.
  if (!/^\+[1-9]\d{7,14}$/.test(value)) {
    return { ok: false, message: "Enter the full international number: + and the country code, then 8 to 15 digits in all." };
  }
  return { ok: true, value };
}

export function parseWebhookUrl(input: string, options: { allowPrivate: boolean }): ParsedDestination {
  const text = input.trim();
  if (text === "") return { ok: false, message: "Enter the webhook URL." };
  if (text.length > MAX_WEBHOOK_URL_LENGTH) return { ok: false, message: "Webhook URLs can be at most 2,000 characters." };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, message: "Enter a full URL like https://example.com/hooks/spendguard." };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    return { ok: false, message: "Webhook URLs must start with https://." };
  }
  if (url.protocol === "http:" && !options.allowPrivate) return { ok: false, message: "Webhook URLs must use https." };
  if (url.username !== "" || url.password !== "") {
    return { ok: false, message: "Webhook URLs must not contain a user name or password: put secrets in the path or rely on the signature." };
  }
  if (!options.allowPrivate) {
    // "localhost." is the same name as "localhost".
    const host = url.hostname.replace(/\.+$/, "");
    if (host === "localhost" || host.endsWith(".localhost")) {
      return { ok: false, message: "Webhook URLs must not point at localhost." };
    }
    // WHATWG has already turned every IPv4 spelling into dotted decimal; IPv6 stays in brackets.
    const literal = host.startsWith("[") ? host.slice(1, -1) : host;
    if (isPrivateAddress(literal)) {
      return { ok: false, message: "Webhook URLs must not point at a private, loopback or link-local address." };
    }
  }
  if (url.href.length > MAX_WEBHOOK_URL_LENGTH) return { ok: false, message: "Webhook URLs can be at most 2,000 characters." };
  return { ok: true, value: url.href };
}

/** IPv4 ranges that are not the public internet: [first address as a number, prefix length]. */
const PRIVATE_IPV4: [number, number][] = [
  [ipv4(0, 0, 0, 0), 8], // "this network"; 0.0.0.0 reaches the local host
  [ipv4(10, 0, 0, 0), 8], // private
  [ipv4(100, 64, 0, 0), 10], // carrier-grade NAT
  [ipv4(127, 0, 0, 0), 8], // loopback
  [ipv4(169, 254, 0, 0), 16], // link-local, including the cloud metadata service
  [ipv4(172, 16, 0, 0), 12], // private
  [ipv4(192, 0, 0, 0), 24], // IETF protocol assignments
  [ipv4(192, 168, 0, 0), 16], // private
  [ipv4(198, 18, 0, 0), 15], // benchmarking
  [ipv4(224, 0, 0, 0), 4], // multicast (240/4 reserved and the broadcast address are checked below)
];

function ipv4(a: number, b: number, c: number, d: number): number {
  return ((a << 24) >>> 0) + (b << 16) + (c << 8) + d;
}

/**
 * Whether an IP address (IPv4 dotted decimal, or IPv6 with or without brackets and zone) is
 * unspecified, loopback, private, link-local, carrier-grade NAT, multicast or reserved. IPv6
 * forms that carry an IPv4 address (::ffff:a.b.c.d mapped, ::a.b.c.d compatible, 64:ff9b::/96
 * NAT64, 2002::/16 6to4) are judged by that address. A string that is no IP address is false:
 * hostnames are checked after they resolve.
 */
export function isPrivateAddress(ip: string): boolean {
  const v4 = parseIpv4(ip);
  if (v4 !== null) return isPrivateIpv4(v4);
  const v6 = parseIpv6(ip.startsWith("[") && ip.endsWith("]") ? ip.slice(1, -1) : ip);
  return v6 !== null && isPrivateIpv6(v6);
}

function isPrivateIpv4(address: number): boolean {
  // 224.0.0.0 and everything above: multicast, 240/4 reserved, 255.255.255.255 broadcast.
  if (address >= ipv4(224, 0, 0, 0)) return true;
  return PRIVATE_IPV4.some(([first, prefix]) => address >>> (32 - prefix) === first >>> (32 - prefix));
}

function isPrivateIpv6(words: number[]): boolean {
  const [w0, w1, w2, w3, w4, w5, w6, w7] = words;
  const embedded = ((w6 << 16) >>> 0) + w7;
  const zeroTo = (count: number) => words.slice(0, count).every((word) => word === 0);
  if (zeroTo(6)) return isPrivateIpv4(embedded); // ::a.b.c.d compatible, which covers :: and ::1 (0.0.0.0, 0.0.0.1)
  if (zeroTo(5) && w5 === 0xffff) return isPrivateIpv4(embedded); // ::ffff:a.b.c.d mapped
  if (w0 === 0x64 && w1 === 0xff9b && w2 === 0 && w3 === 0 && w4 === 0 && w5 === 0) return isPrivateIpv4(embedded); // NAT64
  if (w0 === 0x64 && w1 === 0xff9b && w2 === 1) return true; // local-use NAT64 64:ff9b:1::/48
  if (w0 === 0x2002) return isPrivateIpv4(((w1 << 16) >>> 0) + w2); // 6to4
  if ((w0 & 0xfe00) === 0xfc00) return true; // unique local fc00::/7
  if ((w0 & 0xffc0) === 0xfe80) return true; // link-local fe80::/10
  if ((w0 & 0xffc0) === 0xfec0) return true; // site-local fec0::/10 (deprecated, still routed inside networks)
  if ((w0 & 0xff00) === 0xff00) return true; // multicast ff00::/8
  return false;
}

/** Strict dotted decimal (what WHATWG URL produces), or null. */
function parseIpv4(text: string): number | null {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!match) return null;
  const octets = match.slice(1).map(Number);
  if (octets.some((octet) => octet > 255)) return null;
  const [a, b, c, d] = octets;
  return ipv4(a, b, c, d);
}

/** Eight 16-bit words, or null. Accepts "::" shortening, a dotted IPv4 tail and a %zone suffix. */
function parseIpv6(text: string): number[] | null {
  const address = text.replace(/%[^%]*$/, "").toLowerCase();
  if (!/^[0-9a-f:.]+$/.test(address) || !address.includes(":")) return null;
  const halves = address.split("::");
  if (halves.length > 2) return null;
  const groups = (half: string): number[] | null => {
    if (half === "") return [];
    const words: number[] = [];
    const parts = half.split(":");
    for (const [index, part] of parts.entries()) {
      if (part.includes(".")) {
        const v4 = index === parts.length - 1 ? parseIpv4(part) : null;
        if (v4 === null) return null;
        words.push(v4 >>> 16, v4 & 0xffff);
      } else if (/^[0-9a-f]{1,4}$/.test(part)) {
        words.push(parseInt(part, 16));
      } else {
        return null;
      }
    }
    return words;
  };
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  if (head === null || tail === null) return null;
  // A dotted tail belongs at the end only.
  if (halves.length === 2 && halves[0].includes(".")) return null;
  if (halves.length === 1) return head.length === 8 ? head : null;
  const missing = 8 - head.length - tail.length;
  if (missing < 1) return null;
  return [...head, ...new Array<number>(missing).fill(0), ...tail];
}
