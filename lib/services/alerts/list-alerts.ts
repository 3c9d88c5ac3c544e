/**
 * The organization's alerts, newest first, filtered by status, kind, severity and budget, a page
 * at a time (viewers and up; API keys with "read"). Pages are cut by keyset (fired_at, id), so an
 * alert that fires while someone pages never shifts or repeats a row; the cursor is opaque.
 */
import "server-only";
import { InvalidError } from "@/lib/services/errors";
import { parseInput } from "@/lib/services/organizations/parse-input";
import { isAtLeast } from "@/lib/tenancy/roles";
import { asAlertCaller, type AlertCaller } from "./alert-caller";
import { selectAlerts, type AlertView } from "./alert-row";
import { ListAlertsInput } from "./alert-schemas";

export type AlertPage = { alerts: AlertView[]; next_cursor: string | null };

const CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)\|([0-9a-f-]{36})$/;

function encodeCursor(firedAt: string, id: string): string {
  return Buffer.from(`${firedAt}|${id}`).toString("base64url");
}

function decodeCursor(cursor: string): { firedAt: string; id: string } {
  const match = CURSOR.exec(Buffer.from(cursor, "base64url").toString());
  if (!match) throw new InvalidError("That cursor is not one this API gave out. Start again without it.", { cursor: ["Not a valid cursor."] });
  return { firedAt: match[1], id: match[2] };
}

/** Whether the caller may read the delivery log (admins; API keys) — members see the delivery word only. */
export function seesDeliveries(caller: AlertCaller): boolean {
  return caller.kind === "api_key" || isAtLeast(caller.ctx.org.role, "admin");
}

export async function listAlerts(caller: AlertCaller, input: ListAlertsInput): Promise<AlertPage> {
  const filter = parseInput(ListAlertsInput, input);
  const before = filter.cursor === undefined ? undefined : decodeCursor(filter.cursor);
  const rows = await asAlertCaller(caller, "read", (tx, org) =>
    selectAlerts(tx, org.id, {
      status: filter.status === "all" ? undefined : filter.status,
      kind: filter.kind,
      severity: filter.severity,
      budgetId: filter.budget_id,
      before,
      // One more than asked tells whether there is a next page.
      limit: filter.limit + 1,
    }, seesDeliveries(caller)),
  );
  const page = rows.slice(0, filter.limit);
  const last = page.at(-1);
  return {
    alerts: page.map(({ cursor_at: _cursor, ...alert }) => alert),
    next_cursor: rows.length > filter.limit && last ? encodeCursor(last.cursor_at, last.id) : null,
  };
}
