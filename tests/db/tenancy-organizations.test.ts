/**
 * Creating an organization as a signed-in user, and the rules on its slug, currency and timezone.
 * The user picks the id: a RETURNING on the insert is refused, because the select policy is
 * checked against the new row before the after-insert trigger has made its creator the owner.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { trial } from "../helpers/acting.ts";
import { connect } from "../helpers/db.ts";
import { createOrg, roleIn } from "../helpers/tenancy-sql.ts";
import { createTenants, dropTenants, uniqueTag, type Tenants } from "../helpers/tenants.ts";

const sql = connect();
let tenants: Tenants;

beforeAll(async () => {
  tenants = await createTenants(sql, uniqueTag("orgs"));
});

afterAll(async () => {
  if (tenants) await dropTenants(sql, tenants);
  await sql.end();
});

const newOrg = (slug: string) => ({ id: randomUUID(), name: "Newco", slug });

describe("creating an organization", () => {
  it("makes the creator its owner, and only then can they see it", async () => {
    await trial(sql, async (t) => {
      const org = newOrg(`${tenants.tag}-newco`);
      await t.expectAllowed(tenants.outsider, (tx) => createOrg(tx, org));
      expect(await roleIn(t.tx, org.id, tenants.outsider.id)).toBe("owner");
      const seen = await t.expectAllowed(tenants.outsider, (tx) => tx`select slug, created_by from public.organizations where id = ${org.id}`);
      expect([...seen]).toEqual([{ slug: org.slug, created_by: tenants.outsider.id }]);
    });
  });

  it("with RETURNING is refused: the select policy sees the row before its owner exists", async () => {
    await trial(sql, async (t) => {
      const outcome = await t.expectRefused(tenants.outsider, (tx) => tx`${createOrg(tx, newOrg(`${tenants.tag}-newco`))} returning id`, "42501");
      expect(outcome).toMatchObject({ message: expect.stringMatching(/row-level security/) });
    });
  });

  it("in another user's name is refused", async () => {
    await trial(sql, (t) => t.expectRefused(tenants.outsider, (tx) =>
      tx`insert into public.organizations ${tx({ ...newOrg(`${tenants.tag}-newco`), created_by: tenants.a.owner.id })}`, "42501"));
  });
});

describe("slug", () => {
  const badFormat = ["Acme", "-acme", "acme-", "ac_me", "ac me", "", "ümlaut", "a".repeat(49)];
  it.each(badFormat)("%j is refused (organizations_slug_format)", async (slug) => {
    await trial(sql, async (t) => {
      const outcome = await t.expectRefused(tenants.outsider, (tx) => createOrg(tx, newOrg(slug)), "23514");
      expect(outcome).toMatchObject({ constraint: "organizations_slug_format" });
    });
  });

  const reserved = ["admin", "api", "settings", "login", "invite", "new", "www"];
  it.each(reserved)("%j is reserved for app routes (organizations_slug_not_reserved)", async (slug) => {
    await trial(sql, async (t) => {
      const outcome = await t.expectRefused(tenants.outsider, (tx) => createOrg(tx, newOrg(slug)), "23514");
      expect(outcome).toMatchObject({ constraint: "organizations_slug_not_reserved" });
    });
  });

  it("is unique, on create and on rename (23505 organizations_slug_key)", async () => {
    await trial(sql, async (t) => {
      const created = await t.expectRefused(tenants.outsider, (tx) => createOrg(tx, newOrg(tenants.b.slug)), "23505");
      expect(created).toMatchObject({ constraint: "organizations_slug_key" });
      const renamed = await t.expectRefused(tenants.a.admin, (tx) =>
        tx`update public.organizations set slug = ${tenants.b.slug} where id = ${tenants.a.id}`, "23505");
      expect(renamed).toMatchObject({ constraint: "organizations_slug_key" });
    });
  });

  const good = ["a", "7", "acme-2", "a-b-c", "x".repeat(48)];
  it.each(good)("%j is accepted", async (slug) => {
    await trial(sql, (t) => t.expectAllowed(tenants.outsider, (tx) => createOrg(tx, newOrg(slug))));
  });
});

describe("currency and timezone", () => {
  const cases: { column: "base_currency" | "timezone"; value: string; why: string }[] = [
    { column: "base_currency", value: "usd", why: "lowercase" },
    { column: "base_currency", value: "US", why: "two letters" },
    { column: "base_currency", value: "EURO", why: "four letters" },
    { column: "base_currency", value: "US1", why: "a digit" },
    { column: "timezone", value: "Mars/Olympus", why: "no such zone" },
    { column: "timezone", value: "europe/paris", why: "not spelled as the tz database does" },
    { column: "timezone", value: "+05", why: "a POSIX offset (UTC-5 to Postgres, UTC+5 to JavaScript)" },
    { column: "timezone", value: "XYZ+3", why: "a POSIX rule, unknown to JavaScript" },
    { column: "timezone", value: "Factory", why: "a tzdata placeholder" },
    { column: "timezone", value: "", why: "empty" },
  ];

  it.each(cases)("$column $value is refused: $why", async ({ column, value }) => {
    await trial(sql, async (t) => {
      const outcome = await t.expectRefused(tenants.outsider, (tx) => createOrg(tx, { ...newOrg(`${tenants.tag}-newco`), [column]: value }), "23514");
      expect(outcome).toMatchObject({ constraint: `organizations_${column}_check` });
      await t.expectRefused(tenants.a.admin, (tx) => tx`update public.organizations set ${tx({ [column]: value })} where id = ${tenants.a.id}`, "23514");
    });
  });

  it.each(["UTC", "Europe/Paris", "America/Argentina/Buenos_Aires", "Asia/Kathmandu", "Etc/GMT+5"])("timezone %s is accepted", async (timezone) => {
    await trial(sql, (t) => t.expectAllowed(tenants.outsider, (tx) => createOrg(tx, { ...newOrg(`${tenants.tag}-newco`), timezone })));
  });

  it("accepts every zone JavaScript knows, so any the app offers can be saved", async () => {
    // One scan of the zone list the check reads (each call of the check scans it, ~15 ms).
    const zones = Intl.supportedValuesOf("timeZone");
    const [{ unknown }] = await sql<{ unknown: string[] }[]>`
      select coalesce(array_agg(z), '{}') as unknown from unnest(${zones}::text[]) z
      where z = 'Factory' or z not in (select name from pg_timezone_names)`;
    expect(unknown).toEqual([]);
  });
});
