/**
 * The isolation matrix (DESIGN §7): every tenant table found in the catalog × every command ×
 * every actor of org A × org A's rows and org B's, each cell in its own rolled-back transaction
 * as that user, checked against tests/helpers/access-spec.ts and, when refused, against a
 * fingerprint of the whole table taken before and after inside the same transaction.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { trial } from "../helpers/acting.ts";
import { accessSpec, allows, commands, untenanted, type SpecContext } from "../helpers/access-spec.ts";
import { connect, rolledBack } from "../helpers/db.ts";
import { label, statement, tenantTables, untenantedRelations, whereAll, type Attempt } from "../helpers/isolation.ts";
import { actorNames, actorPerson, createTenants, dropTenants, roleOf, uniqueTag, type Tenants } from "../helpers/tenants.ts";

const sql = connect();
// Read while collecting, so each table found gets tests of its own: the schema decides coverage.
const tables = await tenantTables(sql);
const targets = ["A", "B"] as const;
const size = `${tables.length} tables × ${actorNames.length} actors × ${commands.length} commands × ${targets.length} targets`;
const cellCount = tables.length * actorNames.length * commands.length * targets.length;

let tenants: Tenants;
const seen = new Map<string, string>();

beforeAll(async () => {
  tenants = await createTenants(sql, uniqueTag("iso"));
});

afterAll(async () => {
  console.log(`isolation matrix: ${size} = ${cellCount} cells (rows seen or affected; rls/denied = 42501)\n${printMatrix()}`);
  if (tenants) await dropTenants(sql, tenants);
  await sql.end();
});

function printMatrix(): string {
  const lines: string[] = [];
  for (const { table } of tables) {
    lines.push(`  ${table.padEnd(14)}${commands.map((c) => `${c} A/B`.padEnd(16)).join("")}`);
    for (const name of actorNames) {
      const cells = commands.map((c) => `${seen.get(`${table} ${name} ${c} A`) ?? "-"}/${seen.get(`${table} ${name} ${c} B`) ?? "-"}`);
      lines.push(`    ${name.padEnd(12)}${cells.map((cell) => cell.padEnd(16)).join("")}`);
    }
  }
  return lines.join("\n");
}

describe(`isolation matrix: ${size} = ${cellCount} cells`, () => {
  it("finds the tenancy tables in the catalog", () => {
    expect(tables.map((t) => t.table)).toEqual(expect.arrayContaining(["audit_log", "invitations", "memberships", "organizations"]));
  });

  it("leaves no relation in public outside it unless declared untenanted", async () => {
    const undeclared = (await untenantedRelations(sql)).filter((r) => !(r.name in untenanted));
    expect(undeclared, "a relation in public without org_id escapes the matrix: give it org_id, or list it in `untenanted` in tests/helpers/access-spec.ts with the reason").toEqual([]);
  });

  it("would catch a new tenant table, or a new table without org_id, that nobody added to the spec", async () => {
    await rolledBack(sql, async (tx) => {
      await tx`create table public.forgot_the_spec (id int, org_id uuid)`;
      await tx`create table public.forgot_org_id (id int)`;
      expect((await tenantTables(tx)).map((t) => t.table)).toContain("forgot_the_spec");
      expect(accessSpec).not.toHaveProperty("forgot_the_spec");
      const untenantedNames = (await untenantedRelations(tx)).map((r) => r.name);
      expect(untenantedNames).toContain("forgot_org_id");
      expect(untenantedNames).not.toContain("forgot_the_spec");
      expect(untenanted).not.toHaveProperty("forgot_org_id");
    });
  });

  for (const { table, key } of tables) {
    const spec = accessSpec[table];
    describe(table, () => {
      if (!spec) {
        it("is described in tests/helpers/access-spec.ts", () => {
          expect.fail(`public.${table} belongs to organizations but has no entry in tests/helpers/access-spec.ts: add one saying which role may select, insert, update and delete its rows, so the isolation matrix covers it.`);
        });
        return;
      }

      const cells = actorNames.flatMap((actorName) => commands.flatMap((command) => targets.map((target) => {
        const allowed = allows(spec.access[command], roleOf(actorName), target === "B");
        return { actorName, command, target, allowed, verdict: allowed ? "allowed" : "refused" };
      })));

      it.each(cells)("$actorName $command on org $target's rows: $verdict", async ({ actorName, command, target, allowed }) => {
        await trial(sql, async (t) => {
          const org = target === "A" ? tenants.a : tenants.b;
          const person = actorPerson(tenants, actorName);
          const ctx: SpecContext = { tenants, org, actor: person, crossTenant: target === "B" };
          const attempt: Attempt = { command, key, orgId: org.id, target: spec.target(ctx), candidate: spec.candidate(ctx), change: spec.change(ctx) };

          const aimedAt = command === "select" ? { [key]: org.id } : attempt.target;
          const [{ n: targetRows }] = await t.tx<{ n: number }[]>`
            select count(*)::int as n from ${t.tx(`public.${table}`)} where ${whereAll(t.tx, aimedAt)}`;
          expect(targetRows, "the fixtures leave rows for every cell to aim at").toBeGreaterThan(0);

          const before = await t.fingerprint([table]);
          const outcome = await t.as(person, (tx) => statement(tx, table, attempt));
          const after = await t.fingerprint([table]);
          seen.set(`${table} ${actorName} ${command} ${target}`, label(outcome));

          if (allowed) {
            if (!outcome.ok) expect.fail(`refused with ${outcome.code}: ${outcome.message}`);
            expect(outcome.count, "every target row seen or affected").toBe(command === "insert" ? 1 : targetRows);
            if (command === "select") expect(after).toEqual(before);
            else expect(after, "the write reached the table").not.toEqual(before);
            return;
          }
          // Refused means: select sees nothing; insert errors; update and delete touch nothing.
          // An error must be a refusal (42501), not a constraint that would hide a missing policy.
          if (outcome.ok) {
            expect(command, "an insert that went through").not.toBe("insert");
            expect(outcome.count, command === "select" ? "rows seen" : "rows affected").toBe(0);
          } else {
            expect(outcome, outcome.message).toMatchObject({ code: "42501" });
          }
          expect(after, "the table is unchanged").toEqual(before);
        });
      });
    });
  }
});
