import { afterAll, describe, expect, it } from "vitest";
import { connect, rolledBack, tablesWithoutRls } from "../helpers/db.ts";

const owner = connect({ user: "postgres" });
afterAll(() => owner.end());

describe("row level security", () => {
  it("is enabled on every table in public", async () => {
    expect(await tablesWithoutRls(owner)).toEqual([]);
  });

  it("is checked by a query that does catch a table without it", async () => {
    await rolledBack(owner, async (tx) => {
      await tx`create table public.forgot_rls (id int)`;
      expect(await tablesWithoutRls(tx)).toEqual([{ table: "forgot_rls" }]);
      await tx`alter table public.forgot_rls enable row level security`;
      expect(await tablesWithoutRls(tx)).toEqual([]);
    });
  });

  it("gives the API roles nothing on a new public table: grants must be explicit", async () => {
    await rolledBack(owner, async (tx) => {
      await tx`create table public.ungranted (id int)`;
      const grants = await tx`
        select grantee from information_schema.role_table_grants
        where table_schema = 'public' and table_name = 'ungranted' and grantee in ('anon', 'authenticated', 'service_role')`;
      expect(grants).toEqual([]);
    });
  });
});
