/**
 * Decisions on recommendations at the SQL level (migration 20261123120000): members dismiss, mark
 * done and reopen (delete), stamped with who and when by the database whatever the client sends;
 * viewers only read; people change nothing but status and note; one decision per key and
 * organization; every change is in the audit log as the user's; another organization's decisions
 * are out of reach. (Who may run which command on which organization's rows is also in the
 * isolation matrix.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { trial } from "../helpers/acting.ts";
import { connect } from "../helpers/db.ts";
import { createTenants, dropTenants, uniqueTag, type Tenants } from "../helpers/tenants.ts";

const sql = connect();
let tenants: Tenants;

beforeAll(async () => {
  tenants = await createTenants(sql, uniqueTag("recs"));
});

afterAll(async () => {
  if (tenants) await dropTenants(sql, tenants);
  await sql.end();
});

const KEY = "repeated_requests:openai:gpt-4o";

type State = { id: string; status: string; note: string | null; decided_by: string | null; decided_at: Date };

describe("recommendation decisions", () => {
  it("are made by members, stamped by the database, and audited as theirs: dismiss, mark done, reopen", async () => {
    await trial(sql, async (t) => {
      const a = tenants.a.id;
      await t.expectAllowed(tenants.a.member, (tx) => tx`
        insert into public.recommendation_states (org_id, key, status, note) values (${a}, ${KEY}, 'dismissed', 'Cached upstream already')`);
      const [dismissed] = await t.tx<State[]>`select id, status, note, decided_by, decided_at from public.recommendation_states where org_id = ${a} and key = ${KEY}`;
      expect(dismissed).toMatchObject({ status: "dismissed", note: "Cached upstream already", decided_by: tenants.a.member.id });

      await t.expectAllowed(tenants.a.admin, (tx) => tx`update public.recommendation_states set status = 'done', note = null where id = ${dismissed.id}`);
      const [done] = await t.tx<State[]>`select id, status, note, decided_by, decided_at from public.recommendation_states where id = ${dismissed.id}`;
      expect(done).toMatchObject({ status: "done", note: null, decided_by: tenants.a.admin.id });

      await t.expectAllowed(tenants.a.member, (tx) => tx`delete from public.recommendation_states where id = ${dismissed.id}`);
      const audit = await t.tx<{ action: string; actor_id: string; before: { status: string } | null; after: { status: string } | null }[]>`
        select action, actor_id, before, after from public.audit_log where entity_type = 'recommendation' and entity_id = ${dismissed.id} order by at, id`;
      expect(audit).toMatchObject([
        { action: "recommendation.created", actor_id: tenants.a.member.id, before: null, after: { status: "dismissed" } },
        { action: "recommendation.updated", actor_id: tenants.a.admin.id, before: { status: "dismissed" }, after: { status: "done" } },
        { action: "recommendation.deleted", actor_id: tenants.a.member.id, before: { status: "done" }, after: null },
      ]);
    });
  });

  it("cannot be forged or bent: who and when come from the database, only status and note change", async () => {
    await trial(sql, async (t) => {
      const a = tenants.a.id;
      await t.expectRefused(tenants.a.member, (tx) => tx`
        insert into public.recommendation_states (org_id, key, status, decided_by) values (${a}, ${KEY}, 'done', ${tenants.a.owner.id})`, "42501");
      await t.expectRefused(tenants.a.member, (tx) => tx`
        insert into public.recommendation_states (org_id, key, status) values (${a}, ${KEY}, 'ignored')`, "23514");
      const [fixture] = await t.tx<{ id: string }[]>`select id from public.recommendation_states where org_id = ${a}`;
      await t.expectRefused(tenants.a.member, (tx) => tx`update public.recommendation_states set key = ${KEY} where id = ${fixture.id}`, "42501");
      await t.expectRefused(tenants.a.member, (tx) => tx`update public.recommendation_states set decided_at = now() - interval '1 year' where id = ${fixture.id}`, "42501");
      // One decision per recommendation: the fixture's key again is a conflict, not a second row.
      const [{ key }] = await t.tx<{ key: string }[]>`select key from public.recommendation_states where id = ${fixture.id}`;
      const duplicate = await t.expectRefused(tenants.a.member, (tx) => tx`
        insert into public.recommendation_states (org_id, key, status) values (${a}, ${key}, 'done')`, "23505");
      expect(duplicate).toMatchObject({ constraint: "recommendation_states_org_key" });
    });
  });

  it("are read by viewers but not made by them, and another organization's are out of reach", async () => {
    await trial(sql, async (t) => {
      const a = tenants.a.id;
      const seen = await t.expectAllowed(tenants.a.viewer, (tx) => tx`select key from public.recommendation_states where org_id = ${a}`);
      expect(seen.count).toBe(1);
      await t.expectRefused(tenants.a.viewer, (tx) => tx`
        insert into public.recommendation_states (org_id, key, status) values (${a}, ${KEY}, 'dismissed')`, "42501");
      await t.expectRefused(tenants.a.viewer, (tx) => tx`update public.recommendation_states set status = 'done' where org_id = ${a}`, "no rows");
      await t.expectRefused(tenants.a.viewer, (tx) => tx`delete from public.recommendation_states where org_id = ${a}`, "no rows");

      const b = tenants.b.id;
      await t.expectRefused(tenants.a.owner, (tx) => tx`
        insert into public.recommendation_states (org_id, key, status) values (${b}, ${KEY}, 'dismissed')`, "42501");
      await t.expectRefused(tenants.a.owner, (tx) => tx`update public.recommendation_states set status = 'done' where org_id = ${b}`, "no rows");
      await t.expectRefused(tenants.a.owner, (tx) => tx`delete from public.recommendation_states where org_id = ${b}`, "no rows");
      await t.expectRefused(tenants.a.owner, (tx) => tx`update public.recommendation_states set org_id = ${b} where org_id = ${a}`, "42501");
    });
  });
});
