import { describe, expect, it } from "vitest";
import { isPrivateAddress, parseEmailDestination, parsePhoneDestination, parseWebhookUrl } from "@/lib/core/alerts/destinations.ts";

describe("parseEmailDestination", () => {
  it.each([
    ["ops@example.com", "ops@example.com"],
    ["  Ops.Team+alerts@Example.COM ", "ops.team+alerts@example.com"],
    ["o'brien@mail.example.co.uk", "o'brien@mail.example.co.uk"],
  ])("accepts %j as %j", (input, expected) => {
    expect(parseEmailDestination(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ["", "Enter an email address."],
    ["   ", "Enter an email address."],
    ["ops", "Enter an email address like ops@example.com."],
    ["ops@", "Enter an email address like ops@example.com."],
    ["@example.com", "Enter an email address like ops@example.com."],
    ["ops@example", "Enter an email address like ops@example.com."],
    ["ops team@example.com", "Enter an email address like ops@example.com."],
    ["ops@example.com\nbcc: x@evil.test", "Enter an email address like ops@example.com."],
    ["a@b@example.com", "Enter an email address like ops@example.com."],
    [`${"a".repeat(250)}@example.com`, "Email addresses can be at most 254 characters."],
  ])("refuses %j", (input, message) => {
    expect(parseEmailDestination(input)).toEqual({ ok: false, message });
  });
});

describe("parsePhoneDestination", () => {
  it.each([
    ["+14155550100", "+14155550100"],
    ["+1 415 555 0100", "+14155550100"],
    ["+1 (415) 555-0100", "+14155550100"],
    ["  +44 20 7946 0958 ", "+442079460958"],
    ["+49.30.123456", "+4930123456"],
    ["+123456789012345", "+123456789012345"],
  ])("accepts %j as %j", (input, expected) => {
    expect(parsePhoneDestination(input)).toEqual({ ok: true, value: expected });
  });

  const international = "Enter the full international number: + and the country code, then 8 to 15 digits in all.";
  const plus = "Phone numbers must start with + and the country code, like +1 415 555 0100.";
  it.each([
    ["", "Enter a phone number."],
    ["4155550100", plus],
    ["(415) 555-0100", plus],
    ["0044 20 7946 0958", plus],
    ["+0 415 555 0100", international],
    ["+1234567", international],
    ["+1234567890123456", international],
    ["+1 415 555 01OO", international],
    ["+1 415 555 0100 ext 7", international],
    ["++14155550100", international],
  ])("refuses %j", (input, message) => {
    expect(parsePhoneDestination(input)).toEqual({ ok: false, message });
  });
});

describe("isPrivateAddress", () => {
  it.each([
    // IPv4 ranges that are not the public internet, at their edges.
    "0.0.0.0", "0.255.255.255",
    "10.0.0.0", "10.255.255.255",
    "100.64.0.0", "100.127.255.255",
    "127.0.0.1", "127.255.255.254",
    "169.254.0.1", "169.254.169.254",
    "172.16.0.0", "172.31.255.255",
    "192.0.0.1", "192.0.0.255",
    "192.168.0.1", "192.168.255.255",
    "198.18.0.0", "198.19.255.255",
    "224.0.0.1", "239.255.255.255", "240.0.0.1", "255.255.255.255",
    // IPv6.
    "::", "::1", "[::1]", "0:0:0:0:0:0:0:1",
    "fc00::1", "fd12:3456:789a::1",
    "fe80::1", "fe80::1%eth0", "febf:ffff::1",
    "fec0::1",
    "ff02::1",
    // IPv6 carrying a private IPv4 address.
    "::ffff:127.0.0.1", "::ffff:7f00:1", "::ffff:10.1.2.3", "::ffff:169.254.169.254", "::ffff:a9fe:a9fe",
    "::127.0.0.1", "::7f00:1",
    "64:ff9b::127.0.0.1", "64:ff9b::a00:1", "64:ff9b::c0a8:101",
    "64:ff9b:1::1",
    "2002:7f00:1::1", "2002:a9fe:a9fe::",
  ])("%s is private", (ip) => {
    expect(isPrivateAddress(ip)).toBe(true);
  });

  it.each([
    "1.1.1.1", "8.8.8.8", "9.255.255.255", "11.0.0.0",
    "100.63.255.255", "100.128.0.0",
    "126.255.255.255", "128.0.0.0",
    "169.253.255.255", "169.255.0.0",
    "172.15.255.255", "172.32.0.0",
    "192.0.1.0", "192.167.255.255", "192.169.0.0",
    "198.17.255.255", "198.20.0.0",
    "223.255.255.255",
    "2606:4700:4700::1111", "2001:4860:4860::8888", "[2001:db8::1]",
    "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1",
    "fbff::1", "fe7f::1",
    // Not IP addresses: hostnames are judged after they resolve.
    "example.com", "localhost", "", "1.2.3", "1.2.3.256", "::ffff:1.2.3.4.5", "1:2:3:4:5:6:7:8:9", "1::2::3", "gggg::1",
  ])("%s is not private", (ip) => {
    expect(isPrivateAddress(ip)).toBe(false);
  });
});

describe("parseWebhookUrl", () => {
  const strict = { allowPrivate: false };
  const local = { allowPrivate: true };

  it.each([
    ["https://hooks.example.com/spendguard", "https://hooks.example.com/spendguard"],
    ["  https://Hooks.Example.com:8443/a/b?token=x  ", "https://hooks.example.com:8443/a/b?token=x"],
    ["https://hooks.example.com", "https://hooks.example.com/"],
    ["https://8.8.8.8/hook", "https://8.8.8.8/hook"],
    ["https://[2606:4700::1111]/hook", "https://[2606:4700::1111]/hook"],
    ["https://bücher.example/hook", "https://xn--bcher-kva.example/hook"],
  ])("accepts %j in production as %j", (input, expected) => {
    expect(parseWebhookUrl(input, strict)).toEqual({ ok: true, value: expected });
  });

  const https = "Webhook URLs must use https.";
  const scheme = "Webhook URLs must start with https://.";
  const privateAddress = "Webhook URLs must not point at a private, loopback or link-local address.";
  const localhost = "Webhook URLs must not point at localhost.";
  const credentials = "Webhook URLs must not contain a user name or password: put secrets in the path or rely on the signature.";
  const notUrl = "Enter a full URL like https://example.com/hooks/spendguard.";
  it.each([
    ["", "Enter the webhook URL."],
    ["hooks.example.com/spendguard", notUrl],
    ["https://", notUrl],
    ["http://hooks.example.com/spendguard", https],
    ["ftp://hooks.example.com/", scheme],
    ["javascript:alert(1)", scheme],
    ["file:///etc/passwd", scheme],
    ["https://user:secret@hooks.example.com/", credentials],
    ["https://user@hooks.example.com/", credentials],
    ["https://localhost/hook", localhost],
    ["https://LOCALHOST./hook", localhost],
    ["https://api.localhost/hook", localhost],
    ["https://127.0.0.1/hook", privateAddress],
    ["https://127.1/hook", privateAddress],
    ["https://2130706433/hook", privateAddress],
    ["https://0x7f.0.0.1/hook", privateAddress],
    ["https://0177.0.0.1/hook", privateAddress],
    ["https://0/hook", privateAddress],
    ["https://10.0.0.5:8080/hook", privateAddress],
    ["https://169.254.169.254/latest/meta-data/", privateAddress],
    ["https://0xa9fea9fe/", privateAddress],
    ["https://192.168.1.1/", privateAddress],
    ["https://100.64.1.1/", privateAddress],
    ["https://[::1]/hook", privateAddress],
    ["https://[::]/hook", privateAddress],
    ["https://[::ffff:127.0.0.1]/hook", privateAddress],
    ["https://[::ffff:a9fe:a9fe]/hook", privateAddress],
    ["https://[fd00::1]/hook", privateAddress],
    ["https://[fe80::1]/hook", privateAddress],
    ["https://[64:ff9b::10.0.0.1]/hook", privateAddress],
    [`https://hooks.example.com/${"a".repeat(2000)}`, "Webhook URLs can be at most 2,000 characters."],
  ])("refuses %j in production", (input, message) => {
    expect(parseWebhookUrl(input, strict)).toEqual({ ok: false, message });
  });

  it.each([
    ["http://127.0.0.1:54321/hook", "http://127.0.0.1:54321/hook"],
    ["http://localhost:3000/hook", "http://localhost:3000/hook"],
    ["https://[::1]:8443/hook", "https://[::1]:8443/hook"],
    ["http://hooks.example.com/hook", "http://hooks.example.com/hook"],
  ])("accepts %j on the local stack", (input, expected) => {
    expect(parseWebhookUrl(input, local)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ["ftp://127.0.0.1/", scheme],
    ["http://user:pw@127.0.0.1/", credentials],
  ])("still refuses %j on the local stack", (input, message) => {
    expect(parseWebhookUrl(input, local)).toEqual({ ok: false, message });
  });
});
