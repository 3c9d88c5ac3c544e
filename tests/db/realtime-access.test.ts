/**
 * Who may hear an organization's live topics (issue 7 §1, migration 20261123010000): the topic
 * parser, the select policy on realtime.messages probed exactly as Realtime authorizes a private
 * join (probe rows written by the privileged connection, then `realtime.topic`, role and claims
 * set locally and the probes selected as the caller), that no client role can broadcast on them,
 * and private.spend_totals — the totals every `spend` message carries — per role and across the
 * organization's local midnight and month start.
 */
import { randomUUID } from "node:crypto";
import type { TransactionSql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readPolicies, writePolicies } from "../../supabase/local/gateway/realtime/authorization.ts";
import { actAs, anon, claimsOf, serviceRole, user, type Caller, type Person } from "../helpers/acting.ts";
import { connect, rolledBack } from "../helpers/db.ts";
import { createTenants, dropTenants, uniqueTag, type Tenants } from "../helpers/tenants.ts";

const sql = connect();
let tenants: Tenants;

beforeAll(async () => {
  tenants = await createTenants(sql, uniqueTag("realtime"));
  // Setting the tenants up announced itself (their budgets, their first events): start from no messages.
  await sql`delete from realtime.messages where topic like ${`org:${tenants.a.id}:%`} or topic like ${`org:${tenants.b.id}:%`}`;
});

afterAll(async () => {
  if (tenants) await dropTenants(sql, tenants);
  await sql.end();
});

const spendTopic = (org: string) => `org:${org}:spend`;
const alertsTopic = (org: string) => `org:${org}:alerts`;

async function backToSuperuser(tx: TransactionSql): Promise<void> {
  await tx`select set_config('role', 'none', true), set_config('request.jwt.claims', '', true), set_config('realtime.topic', '', true)`;
}

/** As the caller with `realtime.topic` set to the channel's topic, as Realtime's policy checks run. */
async function actOnTopic(tx: TransactionSql, who: Person | Caller, topic: string): Promise<void> {
  await actAs(tx, who);
  await tx`select set_config('realtime.topic', ${topic}, true)`;
}

/**
 * Realtime's read check (authorization.ex; supabase/local/gateway/realtime/authorization.ts):
 * one probe row per extension written by the privileged connection, then selected as the caller.
 */
async function canRead(tx: TransactionSql, who: Person | Caller, topic: string): Promise<{ broadcast: boolean; presence: boolean }> {
  const probes = await tx<{ id: string; extension: string }[]>`
    insert into realtime.messages (topic, extension) values (${topic}, 'broadcast'), (${topic}, 'presence')
    returning id::text, extension`;
  await actOnTopic(tx, who, topic);
  const seen = await tx<{ extension: string }[]>`
    select extension from realtime.messages where topic = ${topic} and id in ${tx(probes.map((p) => p.id))}`;
  await backToSuperuser(tx);
  return { broadcast: seen.some((r) => r.extension === "broadcast"), presence: seen.some((r) => r.extension === "presence") };
}

/** The SQLSTATE a statement failed with, or "ok" (run in a savepoint so the trial carries on). */
async function outcome(tx: TransactionSql, statement: (sp: TransactionSql) => Promise<unknown>): Promise<string> {
  try {
    await tx.savepoint(statement);
    return "ok";
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code !== "string") throw error;
    return code;
  }
}

describe("private.topic_org", () => {
  const org = "0f8fad5b-d9cb-469f-a165-70867728950e";
  const parse = async (topic: string | null) => (await sql<{ org: string | null }[]>`select private.topic_org(${topic}) as org`)[0].org;

  it("names the organization of its spend and alerts topics", async () => {
    expect(await parse(`org:${org}:spend`)).toBe(org);
    expect(await parse(`org:${org}:alerts`)).toBe(org);
  });

  it("is null for every other suffix, shape and case", async () => {
    const topics = [
      `org:${org}:budgets`, `org:${org}:spends`, `org:${org}:spend:extra`, `org:${org}:`, `org:${org}`, `org:${org}:alerts:`,
      `org:${org}::spend`, `org::${org}:spend`, `team:${org}:spend`, `realtime:org:${org}:spend`, ` org:${org}:spend`,
      `org:${org}:spend `, `org:${org}:spend\n`, `\norg:${org}:spend`,
      // The topic is case sensitive: what the app builds is the lowercase uuid Postgres prints.
      `ORG:${org}:spend`, `org:${org.toUpperCase()}:spend`, `org:${org}:SPEND`, `Org:${org}:Alerts`,
      `org:${org.replaceAll("-", "")}:spend`, `org:{${org}}:spend`, `org:${org.slice(0, -1)}:spend`, `org:${org}0:spend`,
      `org:${org.slice(0, -1)}g:spend`, "", "org", "org::spend",
    ];
    for (const topic of topics) expect(await parse(topic), JSON.stringify(topic)).toBeNull();
    expect(await parse(null)).toBeNull();
  });

  it("is null for SQL-ish junk, which never reaches a cast", async () => {
    const topics = [
      `org:' or '1'='1:spend`, `org:${org}:spend' or '1'='1`, `org:${org}'; drop table public.organizations; --:spend`,
      `org:${org}:spend;select 1`, `org:${org}%:spend`, `org:.*:spend`, `org:${org}|x:spend`, "org:%:spend", `org:${org}\\0:spend`,
    ];
    for (const topic of topics) expect(await parse(topic), JSON.stringify(topic)).toBeNull();
  });

  it("runs for the roles that authorize and send, never for anon", async () => {
    await rolledBack(sql, async (tx) => {
      await actAs(tx, anon);
      expect(await outcome(tx, (sp) => sp`select private.topic_org(${`org:${org}:spend`})`)).toBe("42501");
    });
    for (const who of [user(tenants.outsider), serviceRole]) {
      await rolledBack(sql, async (tx) => {
        await actAs(tx, who);
        const [row] = await tx<{ org: string }[]>`select private.topic_org(${`org:${org}:spend`}) as org`;
        expect(row.org).toBe(org);
      });
    }
  });
});

describe("joining an organization's private topics (the select policy on realtime.messages)", () => {
  it("admits every role of the organization to its spend and alerts topics, broadcast only", async () => {
    const a = tenants.a;
    await rolledBack(sql, async (tx) => {
      for (const person of [a.owner, a.admin, a.member, a.viewer, a.subject]) {
        for (const topic of [spendTopic(a.id), alertsTopic(a.id)]) {
          // Presence is not granted: the dashboard only listens to broadcasts.
          expect(await canRead(tx, person, topic), `${person.email} on ${topic}`).toEqual({ broadcast: true, presence: false });
        }
      }
    });
  });

  it("refuses outsiders, members of another organization, anon and people without a membership row", async () => {
    const { a, b, outsider } = tenants;
    const stranger: Person = { id: randomUUID(), email: "nobody@example.test" };
    await rolledBack(sql, async (tx) => {
      for (const who of [outsider, b.owner, b.subject, stranger, anon] as (Person | Caller)[]) {
        for (const topic of [spendTopic(a.id), alertsTopic(a.id)]) {
          expect(await canRead(tx, who, topic), `${JSON.stringify(who)} on ${topic}`).toEqual({ broadcast: false, presence: false });
        }
      }
      // Positive control: B's owner does hear B, and A's owner does not.
      expect(await canRead(tx, b.owner, spendTopic(b.id))).toEqual({ broadcast: true, presence: false });
      expect(await canRead(tx, a.owner, spendTopic(b.id))).toEqual({ broadcast: false, presence: false });
    });
  });

  it("refuses a member on anything but the exact topic, and on a token without the user's id", async () => {
    const a = tenants.a;
    await rolledBack(sql, async (tx) => {
      for (const topic of [`org:${a.id}:budgets`, `org:${a.id.toUpperCase()}:spend`, `org:${a.id}:spend:x`, `realtime:org:${a.id}:spend`, a.id]) {
        expect(await canRead(tx, a.owner, topic), topic).toEqual({ broadcast: false, presence: false });
      }
      const { sub: _sub, ...noSub } = claimsOf(a.owner);
      expect(await canRead(tx, user(a.owner, noSub), spendTopic(a.id))).toEqual({ broadcast: false, presence: false });
      // The claims decide, not the email: A's owner's email with B's owner's id is B's owner.
      expect(await canRead(tx, user(a.owner, { ...claimsOf(a.owner), sub: tenants.b.owner.id }), spendTopic(a.id))).toEqual({ broadcast: false, presence: false });
    });
  });

  it("holds only while the membership does", async () => {
    const a = tenants.a;
    await rolledBack(sql, async (tx) => {
      expect((await canRead(tx, a.viewer, spendTopic(a.id))).broadcast).toBe(true);
      await tx`delete from public.memberships where org_id = ${a.id} and user_id = ${a.viewer.id}`;
      expect((await canRead(tx, a.viewer, spendTopic(a.id))).broadcast).toBe(false);
      expect((await canRead(tx, a.viewer, alertsTopic(a.id))).broadcast).toBe(false);
    });
  });

  it("shows a member no stored broadcast outside a topic check, as in any ordinary query", async () => {
    await rolledBack(sql, async (tx) => {
      // One stored message per organization, then no topic set (as in an ordinary query).
      for (const org of [tenants.a.id, tenants.b.id]) await tx`select realtime.send(${tx.json({ v: 1 })}, 'alerts_changed', ${alertsTopic(org)}, true)`;
      await backToSuperuser(tx);
      const [all] = await tx<{ n: number }[]>`select count(*)::int as n from realtime.messages where topic in ${tx([alertsTopic(tenants.a.id), alertsTopic(tenants.b.id)])}`;
      expect(all.n).toBe(2);
      await actAs(tx, tenants.a.owner);
      const [row] = await tx<{ n: number }[]>`select count(*)::int as n from realtime.messages`;
      expect(row.n).toBe(0);
    });
  });

  // realtime.send() leaves realtime.topic set for the rest of its transaction: the policy must
  // still show a member only rows of that topic, never another organization's broadcasts.
  it("shows a member only their own organization's stored broadcasts, even with realtime.topic set", async () => {
    const { a, b } = tenants;
    await rolledBack(sql, async (tx) => {
      await tx`select realtime.send(${tx.json({ cost: "1" })}, 'spend', ${spendTopic(a.id)}, true)`;
      await actAs(tx, a.owner);
      const topics = await tx<{ topic: string }[]>`select distinct topic from realtime.messages order by topic`;
      expect(topics.map((r) => r.topic)).not.toContain(alertsTopic(b.id));
    });
  });

  it("is what the gateway's own probe concludes (readPolicies / writePolicies)", async () => {
    const { a, b, outsider } = tenants;
    const claims = (person: Person) => ({ ...claimsOf(person), role: "authenticated", exp: Math.floor(Date.now() / 1000) + 600 });
    for (const [person, admitted] of [[a.viewer, true], [a.owner, true], [b.owner, false], [outsider, false]] as const) {
      const context = { topic: spendTopic(a.id), claims: claims(person), headers: {} };
      const read = await readPolicies(sql, context);
      expect(read.broadcast.read, person.email).toBe(admitted);
      expect(read.presence.read).toBe(false);
      const write = await writePolicies(sql, context, read);
      expect(write.broadcast.write, `${person.email} may not send`).toBe(false);
      expect(write.presence.write).toBe(false);
    }
    const [left] = await sql<{ n: number }[]>`select count(*)::int as n from realtime.messages where topic = ${spendTopic(a.id)}`;
    expect(left.n, "the probes were rolled back").toBe(0);
  });
});

describe("broadcasting on an organization's topics", () => {
  const everyone = (): [string, Person | Caller][] => [
    ["owner", tenants.a.owner], ["admin", tenants.a.admin], ["member", tenants.a.member], ["viewer", tenants.a.viewer],
    ["outsider", tenants.outsider], ["owner of B", tenants.b.owner], ["anon", anon],
  ];

  /** Messages stored on the topic (the fixtures' fired alerts already left one on each alerts topic). */
  const stored = async (tx: TransactionSql, topic: string) =>
    (await tx<{ n: number }[]>`select count(*)::int as n from realtime.messages where topic = ${topic}`)[0].n;

  it("is refused to every client role, whether by insert or realtime.send()", async () => {
    const a = tenants.a;
    for (const topic of [spendTopic(a.id), alertsTopic(a.id)]) {
      for (const [name, who] of everyone()) {
        await rolledBack(sql, async (tx) => {
          const before = await stored(tx, topic);
          await actOnTopic(tx, who, topic);
          const insert = await outcome(tx, (sp) => sp`
            insert into realtime.messages (topic, extension, event, payload, private)
            values (${topic}, 'broadcast', 'spend', ${sp.json({ forged: true })}, true)`);
          expect(insert, `${name} inserting on ${topic}`).toBe("42501");
          // realtime.send() swallows the refusal as a warning (as on Supabase): nothing is stored.
          expect(await outcome(tx, (sp) => sp`select realtime.send(${sp.json({ forged: true })}, 'spend', ${topic}, true)`)).toBe("ok");
          await backToSuperuser(tx);
          expect(await stored(tx, topic), `${name} via realtime.send on ${topic}`).toBe(before);
        });
      }
    }
  });

  it("cannot rewrite or delete what the database sent", async () => {
    const a = tenants.a;
    for (const [name, who] of everyone()) {
      await rolledBack(sql, async (tx) => {
        await tx`select realtime.send(${tx.json({ cost: "1" })}, 'spend', ${spendTopic(a.id)}, true)`;
        await actOnTopic(tx, who, spendTopic(a.id));
        const update = await outcome(tx, (sp) => sp`update realtime.messages set payload = '{"cost":"999"}' where topic = ${spendTopic(a.id)}`);
        const remove = await outcome(tx, (sp) => sp`delete from realtime.messages where topic = ${spendTopic(a.id)}`);
        await backToSuperuser(tx);
        // No update policy: the update matches nothing (or is refused); delete is not granted at all.
        expect(["ok", "42501"], `${name} updating`).toContain(update);
        expect(remove, `${name} deleting`).toBe("42501");
        const [row] = await tx<{ cost: string }[]>`select payload ->> 'cost' as cost from realtime.messages where topic = ${spendTopic(a.id)}`;
        expect(row.cost, name).toBe("1");
      });
    }
  });

  it("private.broadcast_spend is the server's alone", async () => {
    const a = tenants.a;
    for (const [name, who] of everyone()) {
      await rolledBack(sql, async (tx) => {
        await actAs(tx, who);
        const call = await outcome(tx, (sp) => sp`select private.broadcast_spend(${a.id}, ${sp.json({ v: 1, accepted: 1 })})`);
        expect(call, name).toBe("42501");
        await backToSuperuser(tx);
        expect(await stored(tx, spendTopic(a.id))).toBe(0);
      });
    }
    await rolledBack(sql, async (tx) => {
      await actAs(tx, serviceRole);
      await tx`select private.broadcast_spend(${a.id}, ${tx.json({ v: 1, accepted: 1 })})`;
      await backToSuperuser(tx);
      const [message] = await tx<{ event: string; private: boolean; payload: Record<string, unknown> }[]>`
        select event, private, payload from realtime.messages where topic = ${spendTopic(a.id)}`;
      expect(message).toMatchObject({ event: "spend", private: true, payload: { v: 1, accepted: 1, committed_at: expect.any(String) } });
      expect(Object.keys(message.payload.totals as object).sort()).toEqual(["month", "month_start", "today", "today_start"]);
    });
  });
});

describe("private.spend_totals", () => {
  // 2026-03-15 03:30Z is 23:30 on Saturday 14 March in New York (EDT, UTC−4; DST began on the 8th,
  // so the month started at 05:00Z, in EST).
  const asOf = "2026-03-15T03:30:00Z";
  const events: [occurredAt: string, cost: string, service: string][] = [
    ["2026-03-01T04:00:00Z", "1.1", "a"], // 23:00 on 28 Feb: last month
    ["2026-03-01T05:00:00Z", "2.2", "a"], // local midnight, 1 March
    ["2026-03-14T03:00:00Z", "4.4", "a"], // 23:00 on the 13th: this month, not today
    ["2026-03-14T04:00:00Z", "8.8", "a"], // local midnight, the 14th
    ["2026-03-14T04:00:00Z", "0.0000001", "b"],
    ["2026-03-15T03:00:00Z", "16.16", "a"], // the hour as_of is in
    ["2026-03-15T04:00:00Z", "32.32", "a"], // after as_of
  ];

  async function seed(tx: TransactionSql) {
    await tx`update public.organizations set timezone = 'America/New_York' where id = ${tenants.a.id}`;
    // Written straight into the table: the facet triggers count them as they count ingested batches.
    for (const [i, [occurredAt, cost, service]] of events.entries()) {
      await tx`insert into public.usage_events (org_id, client_event_id, occurred_at, service, model, currency, cost, pricing_status)
        values (${tenants.a.id}, ${`totals-${i}`}, ${occurredAt}, ${service}, 'm', 'USD', ${cost}, 'provided')`;
    }
  }

  const totals = (tx: TransactionSql) => tx<{ today: string; month: string; today_start: Date; month_start: Date }[]>`
    select today::text, month::text, today_start, month_start from private.spend_totals(${tenants.a.id}, ${asOf})`;

  it("sums today and this month in the organization's time zone, exactly", async () => {
    await rolledBack(sql, async (tx) => {
      await seed(tx);
      const [row] = await totals(tx);
      expect(row).toEqual({
        today: "24.9600001",
        month: "31.5600001",
        today_start: new Date("2026-03-14T04:00:00Z"),
        month_start: new Date("2026-03-01T05:00:00Z"),
      });
    });
  });

  it("is zero, not missing, for an organization without spend in the period", async () => {
    await rolledBack(sql, async (tx) => {
      const [row] = await tx<{ today: string; month: string }[]>`
        select today::text, month::text from private.spend_totals(${tenants.b.id}, '2030-06-15T12:00:00Z')`;
      expect(row).toEqual({ today: "0", month: "0" });
    });
  });

  it("answers members of every role and nobody else", async () => {
    const { a, b, outsider } = tenants;
    await rolledBack(sql, async (tx) => {
      await seed(tx);
      for (const person of [a.viewer, a.member, a.admin, a.owner]) {
        await actAs(tx, person);
        const [row] = await totals(tx);
        expect(row.month, person.email).toBe("31.5600001");
        await backToSuperuser(tx);
      }
      for (const person of [outsider, b.owner]) {
        await actAs(tx, person);
        expect(await totals(tx), person.email).toEqual([]);
        await backToSuperuser(tx);
      }
      await actAs(tx, anon);
      expect(await outcome(tx, (sp) => totals(sp))).toBe("42501");
    });
  });
});
