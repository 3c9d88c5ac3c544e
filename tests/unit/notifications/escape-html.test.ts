import { describe, expect, it } from "vitest";
import { escapeHtml, singleLine } from "@/lib/core/notifications/escape-html.ts";

describe("escapeHtml", () => {
  it.each([
    ["plain text", "plain text"],
    ["Tom & Jerry", "Tom &amp; Jerry"],
    ["<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"],
    [`" onmouseover="x`, "&quot; onmouseover=&quot;x"],
    ["it's", "it&#39;s"],
    ["&amp; stays visible as typed", "&amp;amp; stays visible as typed"],
    ["", ""],
  ])("%j → %j", (input, expected) => {
    expect(escapeHtml(input)).toBe(expected);
  });
});

describe("singleLine", () => {
  it.each([
    ["Acme", "Acme"],
    ["  Acme   Corp  ", "Acme Corp"],
    ["Acme\r\nBcc: victim@example.com", "Acme Bcc: victim@example.com"],
    ["tab\there", "tab here"],
    ["nul\u0000byte", "nul byte"],
    ["line\u2028separator", "line separator"],
    ["\u202egnp.exe", "gnp.exe"],
    ["isolate\u2066d\u2069", "isolate d"],
    ["Zoë’s café", "Zoë’s café"],
  ])("%j → %j", (input, expected) => {
    expect(singleLine(input)).toBe(expected);
  });
});
