import { afterAll, describe, expect, it } from "vitest";
import { newUser, superuserSql, uniqueSlug } from "./org-support.ts";
import { createOrganization } from "../../lib/services/organizations/create-organization.ts";
import { updateOrganization } from "../../lib/services/organizations/update-organization.ts";
import { listMyOrganizations } from "../../lib/services/organizations/list-my-organizations.ts";
import { getOrganizationBySlug } from "../../lib/services/organizations/get-organization-by-slug.ts";
import { listAuditLog } from "../../lib/services/organizations/list-audit-log.ts";
import { resolveOrgContext } from "../../lib/tenancy/resolve-org-context.ts";
import { ServiceError } from "../../lib/services/errors.ts";
import { runOrgAction } from "../../lib/actions/run-action.ts";
import { OrganizationInput } from "../../lib/services/organizations/schemas.ts";

const sql = superuserSql();
afterAll(() => sql.end());

function orgInput(slug: string, name = "Acme Inc") {
  return { name, slug, baseCurrency: "EUR", timezone: "Europe/Paris" };
}

async function rejection(promise: Promise<unknown>): Promise<ServiceError> {
  const error = await promise.then(() => null, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(ServiceError);
  return error as ServiceError;
}

describe("organizations", () => {
  it("creates an organization whose creator is its owner, audited as them", async () => {
    const ana = await newUser("ana");
    const slug = uniqueSlug("acme");
    const org = await createOrganization({ actor: ana.actor }, orgInput(slug));
    expect(org).toMatchObject({ slug, name: "Acme Inc", baseCurrency: "EUR", timezone: "Europe/Paris", role: "owner" });

    const mine = await listMyOrganizations({ actor: ana.actor });
    expect(mine.map((o) => o.slug)).toEqual([slug]);
    const ctx = await resolveOrgContext(ana.actor, slug);
    const audit = await listAuditLog(ctx, {});
    expect(audit.entries.map((e) => e.action).sort()).toEqual(["membership.created", "organization.created"]);
    expect(audit.entries[0].actorLabel).toBe(ana.email);
  });

  it("answers a taken slug with a Conflict on the slug field, and a reserved or malformed one as Invalid", async () => {
    const [ana, ben] = [await newUser("ana"), await newUser("ben")];
    const slug = uniqueSlug("taken");
    await createOrganization({ actor: ana.actor }, orgInput(slug));
    const taken = await rejection(createOrganization({ actor: ben.actor }, orgInput(slug)));
    expect(taken.code).toBe("conflict");
    expect(taken.fieldErrors?.slug?.[0]).toMatch(/already taken/);

    const reserved = await rejection(createOrganization({ actor: ben.actor }, orgInput("onboarding")));
    expect(reserved).toMatchObject({ code: "invalid" });
    expect(reserved.fieldErrors?.slug?.[0]).toMatch(/reserved/);

    const malformed = await rejection(createOrganization({ actor: ben.actor }, orgInput("-bad-")));
    expect(malformed.fieldErrors?.slug).toBeDefined();
    const badZone = await rejection(createOrganization({ actor: ben.actor }, { ...orgInput(uniqueSlug("z")), timezone: "Mars/Olympus" }));
    expect(badZone.fieldErrors?.timezone).toBeDefined();
    expect(await listMyOrganizations({ actor: ben.actor })).toEqual([]);
  });

  it("lets admins update settings, refuses members, and hides the org from outsiders", async () => {
    const [ana, eve] = [await newUser("ana"), await newUser("eve")];
    const slug = uniqueSlug("settings");
    await createOrganization({ actor: ana.actor }, orgInput(slug));
    const ctx = await resolveOrgContext(ana.actor, slug);
    const renamed = await updateOrganization(ctx, { ...orgInput(`${slug}-new`, "Acme Europe"), baseCurrency: "GBP" });
    expect(renamed).toMatchObject({ slug: `${slug}-new`, name: "Acme Europe", baseCurrency: "GBP" });
    expect(await getOrganizationBySlug({ actor: ana.actor }, slug)).toBeNull();

    // An outsider: unknown and foreign slugs are the same NotFound.
    expect((await rejection(resolveOrgContext(eve.actor, `${slug}-new`))).code).toBe("not_found");
    expect((await rejection(resolveOrgContext(eve.actor, "no-such-org-anywhere"))).code).toBe("not_found");
    expect(await getOrganizationBySlug({ actor: eve.actor }, `${slug}-new`)).toBeNull();

    // A member below admin: the verb refuses, and a forged context changes nothing either (RLS).
    const [{ id }] = await sql<{ id: string }[]>`select id from public.organizations where slug = ${`${slug}-new`}`;
    await sql`insert into public.memberships (org_id, user_id, role) values (${id}, ${eve.claims.sub}, 'member')`;
    const eveCtx = await resolveOrgContext(eve.actor, `${slug}-new`);
    expect((await rejection(updateOrganization(eveCtx, orgInput(`${slug}-eve`)))).code).toBe("forbidden");
    const forged = await rejection(updateOrganization({ ...eveCtx, org: { ...eveCtx.org, role: "owner" } }, orgInput(`${slug}-eve`)));
    expect(forged.code).toBe("not_found");
    expect((await rejection(resolveOrgContext(eve.actor, `${slug}-new`, "admin"))).code).toBe("forbidden");
  });

  it("the action core answers an outsider NotFound whatever the input, and maps validation to field errors", async () => {
    const [ana, eve] = [await newUser("ana"), await newUser("eve")];
    const slug = uniqueSlug("core");
    await createOrganization({ actor: ana.actor }, orgInput(slug));
    const config = { schema: OrganizationInput, minimumRole: "admin" as const, handler: updateOrganization };

    const outsider = await runOrgAction(eve.claims, config, { orgSlug: slug, name: "" });
    expect(outsider.result).toMatchObject({ ok: false, error: { code: "not_found" } });
    const signedOut = await runOrgAction(null, config, { orgSlug: slug });
    expect(signedOut.result).toMatchObject({ ok: false, error: { code: "unauthenticated" } });

    const form = new FormData();
    for (const [key, value] of Object.entries({ orgSlug: slug, name: "", slug, baseCurrency: "XXX!", timezone: "UTC" })) form.set(key, value);
    const invalid = await runOrgAction(ana.claims, config, form);
    expect(invalid.result).toMatchObject({ ok: false, error: { code: "invalid" } });
    expect(invalid.result.ok ? null : Object.keys(invalid.result.error.fieldErrors ?? {}).sort()).toEqual(["baseCurrency", "name"]);

    const ok = await runOrgAction(ana.claims, config, { orgSlug: slug, ...orgInput(slug, "Renamed") });
    expect(ok.result).toMatchObject({ ok: true, data: { name: "Renamed" } });
  });
});
