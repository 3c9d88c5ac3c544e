/**
 * Two owners stepping down at the same moment must not leave the organization without one. Each
 * transaction alone sees the other owner still there (write skew under READ COMMITTED), so the
 * owner check has to serialize on the organization. Unlike the other tenancy tests, this one
 * commits: it runs on an organization of its own, dropped afterwards.
 */
import type { Sql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimsOf, type Person } from "../helpers/acting.ts";
import { connect } from "../helpers/db.ts";
import { createTenants, dropTenants, uniqueTag, type Tenants } from "../helpers/tenants.ts";

const admin = connect();
// One connection each, so each can hold its transaction open while the other runs.
const first = connect({ max: 1 });
const second = connect({ max: 1 });
let tenants: Tenants;

beforeAll(async () => {
  tenants = await createTenants(admin, uniqueTag("race"));
  await admin`update public.memberships set role = 'owner' where org_id = ${tenants.a.id} and user_id = ${tenants.a.admin.id}`;
});

afterAll(async () => {
  if (tenants) await dropTenants(admin, tenants);
  await Promise.all([first.end(), second.end(), admin.end()]);
});

async function beginAs(sql: Sql, person: Person): Promise<number> {
  await sql`begin`;
  await sql`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', ${JSON.stringify(claimsOf(person))}, true)`;
  const [{ pid }] = await sql<{ pid: number }[]>`select pg_backend_pid() as pid`;
  return pid;
}

const stepDown = (sql: Sql, orgId: string, person: Person) =>
  sql`update public.memberships set role = 'admin' where org_id = ${orgId} and user_id = ${person.id}`;

/** Until the backend is blocked on a lock or done with its statement: either way it has its snapshot. */
async function settled(pid: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const [row] = await admin<{ state: string; wait: string | null }[]>`
      select state, wait_event_type as wait from pg_stat_activity where pid = ${pid}`;
    if (row.wait === "Lock" || row.state === "idle in transaction") return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error("the second transaction neither finished nor waited");
}

describe("two owners stepping down at once", () => {
  it("leave one of them owner: the later one is refused with SG001", async () => {
    const { a } = tenants;
    await beginAs(first, a.owner);
    const secondPid = await beginAs(second, a.admin);

    await stepDown(first, a.id, a.owner);
    const secondAttempt = stepDown(second, a.id, a.admin).then(() => "stepped down", (error: { code?: string }) => error.code ?? "error");
    await settled(secondPid);
    await first`commit`;

    const outcome = await secondAttempt;
    await second.unsafe(outcome === "stepped down" ? "commit" : "rollback");

    expect(outcome).toBe("SG001");
    const owners = await admin<{ user_id: string }[]>`select user_id from public.memberships where org_id = ${a.id} and role = 'owner'`;
    expect(owners.map((o) => o.user_id)).toEqual([a.admin.id]);
  });
});
