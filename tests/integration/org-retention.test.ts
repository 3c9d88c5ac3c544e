/** Settings → General → Data retention: who may change it, what is accepted, and tenancy. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { superuserSql } from "./org-support.ts";
import { teamOrg, type TeamOrg } from "./api-support.ts";
import { updateRetention } from "../../lib/services/organizations/update-retention.ts";
import { resolveOrgContext } from "../../lib/tenancy/resolve-org-context.ts";
import type { ServiceError } from "../../lib/services/errors.ts";

const sql = superuserSql();
afterAll(() => sql.end());

let team: TeamOrg;
let other: TeamOrg;
beforeAll(async () => {
  [team, other] = [await teamOrg(sql, "retention-a"), await teamOrg(sql, "retention-b")];
});

async function rejection(promise: Promise<unknown>): Promise<ServiceError> {
  return promise.then(() => expect.fail("expected a rejection"), (error: ServiceError) => error);
}

const retentionOf = async (orgId: string) => (await sql`select retention_months from public.organizations where id = ${orgId}`)[0].retention_months;

describe("updateRetention", () => {
  it("lets an admin choose a listed period, shown on the organization from then on", async () => {
    const admin = await team.as("admin");
    expect(team.owner.org.retentionMonths).toBe(13);
    expect(await updateRetention(admin, { retentionMonths: "24" })).toEqual({ retentionMonths: 24 });
    expect(await retentionOf(team.owner.org.id)).toBe(24);
    expect((await resolveOrgContext(team.owner.actor, team.owner.org.slug)).org.retentionMonths).toBe(24);
  });

  it("refuses periods that are not offered, and members", async () => {
    expect((await rejection(updateRetention(team.owner, { retentionMonths: 7 }))).code).toBe("invalid");
    expect((await rejection(updateRetention(team.owner, { retentionMonths: 0 }))).code).toBe("invalid");
    expect((await rejection(updateRetention(await team.as("member"), { retentionMonths: 1 }))).code).toBe("forbidden");
    expect(await retentionOf(team.owner.org.id)).toBe(24);
  });

  it("cannot reach another organization: not found, and its setting is unchanged", async () => {
    const forged = { ...team.owner, org: { ...team.owner.org, id: other.owner.org.id } };
    expect((await rejection(updateRetention(forged, { retentionMonths: 1 }))).code).toBe("not_found");
    expect(await retentionOf(other.owner.org.id)).toBe(13);
  });
});
