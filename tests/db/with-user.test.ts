import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, NotAuthenticatedError } from "@/lib/db/client";
import { connect, databaseUrl } from "../helpers/db.ts";

// A table owned by the test with the policy shape the app uses: rows visible to their owner.
const owner = connect({ user: "postgres" });
const db = createDb(databaseUrl(), { max: 1 });
const alice = randomUUID();
const bob = randomUUID();

beforeAll(async () => {
  await owner.unsafe(`
    create table public.notes_for_test (id serial primary key, user_id uuid not null, body text not null);
    alter table public.notes_for_test enable row level security;
    create policy notes_select_own on public.notes_for_test for select to authenticated using ((select auth.uid()) = user_id);
    create policy notes_insert_own on public.notes_for_test for insert to authenticated with check ((select auth.uid()) = user_id);
    grant select, insert on public.notes_for_test to authenticated;
    grant select on public.notes_for_test to service_role;
    grant usage on sequence public.notes_for_test_id_seq to authenticated;
  `);
  await owner`insert into public.notes_for_test (user_id, body) values (${alice}, 'alice'), (${bob}, 'bob')`;
});

afterAll(async () => {
  await owner`drop table public.notes_for_test`;
  await owner.end();
  await db.sql.end();
});

const claims = (sub: string) => ({ sub, role: "authenticated", aud: "authenticated", email: `${sub}@example.test` });

describe("withUser", () => {
  it("runs as `authenticated` with the user's claims, so RLS shows only their rows", async () => {
    const seen = await db.withUser(claims(alice), async (tx) => {
      const [who] = await tx<{ role: string; uid: string; email: string }[]>`
        select current_user as role, auth.uid()::text as uid, auth.jwt() ->> 'email' as email`;
      expect(who).toEqual({ role: "authenticated", uid: alice, email: `${alice}@example.test` });
      return tx<{ body: string }[]>`select body from public.notes_for_test order by id`;
    });
    expect(seen.map((r) => r.body)).toEqual(["alice"]);
  });

  it("lets a policy refuse a write, and the transaction rolls back", async () => {
    const write = db.withUser(claims(alice), (tx) => tx`insert into public.notes_for_test (user_id, body) values (${bob}, 'forged')`);
    await expect(write).rejects.toThrowError(/row-level security/);
    const [{ count }] = await owner<{ count: number }[]>`select count(*)::int as count from public.notes_for_test where body = 'forged'`;
    expect(count).toBe(0);
  });

  it("leaves no role or claims behind on the pooled connection", async () => {
    await db.withUser(claims(bob), (tx) => tx`select 1`);
    const [after] = await db.sql<{ role: string; claims: string | null }[]>`
      select current_user as role, nullif(current_setting('request.jwt.claims', true), '') as claims`;
    expect(after).toEqual({ role: "postgres", claims: null });
  });

  it("refuses claims that are not a signed-in user's", async () => {
    await expect(db.withUser({ sub: alice, role: "service_role" }, (tx) => tx`select 1`)).rejects.toBeInstanceOf(NotAuthenticatedError);
    await expect(db.withUser({ sub: "", role: "authenticated" }, (tx) => tx`select 1`)).rejects.toBeInstanceOf(NotAuthenticatedError);
  });
});

describe("withService", () => {
  it("runs as service_role, which bypasses RLS but still needs grants", async () => {
    const rows = await db.withService((tx) => tx<{ body: string }[]>`select body from public.notes_for_test order by id`);
    expect(rows.map((r) => r.body)).toEqual(["alice", "bob"]);
    await expect(db.withService((tx) => tx`insert into public.notes_for_test (user_id, body) values (${alice}, 'x')`))
      .rejects.toThrowError(/permission denied/);
  });
});
