import { ChevronLeft, ChevronRight, CircleAlert } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { ServiceError } from "@/lib/services/errors";
import { listAuditLog, type AuditEntry, type AuditLogPage } from "@/lib/services/organizations/list-audit-log";
import { auditChanges } from "@/lib/tenancy/audit-diff";
import { requireOrg } from "@/lib/tenancy/current-org";
import { firstValue, formatTimestamp, type SearchParams } from "@/lib/utils";
import { PageHeader } from "../../_components/page-header";
import { AuditFilters } from "./audit-filters";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage({ params, searchParams }: { params: Promise<{ org: string }>; searchParams: Promise<SearchParams> }) {
  const ctx = await requireOrg((await params).org);
  const query = await searchParams;
  const filters = {
    actorId: firstValue(query.actor) ?? "",
    action: firstValue(query.action) ?? "",
    from: firstValue(query.from) ?? "",
    to: firstValue(query.to) ?? "",
  };
  let log: AuditLogPage | null = null;
  let problem: string | null = null;
  try {
    log = await listAuditLog(ctx, { ...filters, page: firstValue(query.page) ?? "1" });
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    problem = error.message;
  }

  const pageHref = (page: number) => {
    const next = new URLSearchParams({ ...Object.fromEntries(Object.entries({ actor: filters.actorId, action: filters.action, from: filters.from, to: filters.to }).filter(([, v]) => v)) });
    if (page > 1) next.set("page", String(page));
    const search = next.toString();
    return `/${ctx.org.slug}/settings/audit${search ? `?${search}` : ""}`;
  };

  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-6">
      <PageHeader
        title="Audit log"
        description={`Every change to this organization's settings, members and invitations. Dates filter in ${ctx.org.timezone.replaceAll("_", " ")}.`}
      />
      {problem ? (
        <Alert variant="destructive">
          <CircleAlert />
          <AlertDescription>{problem}</AlertDescription>
        </Alert>
      ) : null}
      {log ? (
        <>
          <AuditFilters key={JSON.stringify(filters)} filters={filters} actors={log.actors} actions={log.actions} resetHref={pageHref(1).split("?")[0]} />
          <Card className="gap-0 py-2">
            {log.entries.length ? (
              <>
                {/* Phones get one card per entry; a four-column table would scroll sideways. */}
                <ul className="divide-y sm:hidden" data-testid="audit-list">
                  {log.entries.map((entry) => (
                    <li key={entry.id} className="grid gap-1.5 px-4 py-3" data-testid="audit-row">
                      <div className="flex flex-wrap items-center justify-between gap-2">
                        <Badge variant="secondary" className="font-mono">{entry.action}</Badge>
                        <When entry={entry} timeZone={ctx.org.timezone} />
                      </div>
                      <p className="text-sm [overflow-wrap:anywhere]">
                        <span className="text-muted-foreground">by</span> {actorLabel(entry)}
                        {hasSubject(entry) ? <span className="text-muted-foreground"> · {entityLabel(entry)}</span> : null}
                      </p>
                      <Changes entry={entry} />
                    </li>
                  ))}
                </ul>
                <Table data-testid="audit-table" className="hidden sm:table">
                  <TableHeader>
                    <TableRow>
                      <TableHead>When</TableHead>
                      <TableHead>Actor</TableHead>
                      <TableHead>Action</TableHead>
                      <TableHead>Changes</TableHead>
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {log.entries.map((entry) => (
                      <AuditRow key={entry.id} entry={entry} timeZone={ctx.org.timezone} />
                    ))}
                  </TableBody>
                </Table>
              </>
            ) : (
              <p className="px-6 py-10 text-center text-sm text-muted-foreground">No audit entries match these filters.</p>
            )}
          </Card>
          {log.page > 1 || log.hasNextPage ? (
            <nav aria-label="Pages" className="flex items-center justify-between gap-2">
              {log.page > 1 ? (
                <Button asChild variant="outline" size="sm">
                  <Link href={pageHref(log.page - 1)}>
                    <ChevronLeft /> Newer
                  </Link>
                </Button>
              ) : (
                <span />
              )}
              <span className="text-sm text-muted-foreground">Page {log.page}</span>
              {log.hasNextPage ? (
                <Button asChild variant="outline" size="sm">
                  <Link href={pageHref(log.page + 1)}>
                    Older <ChevronRight />
                  </Link>
                </Button>
              ) : (
                <span />
              )}
            </nav>
          ) : null}
        </>
      ) : null}
    </div>
  );
}

function AuditRow({ entry, timeZone }: { entry: AuditEntry; timeZone: string }) {
  return (
    <TableRow data-testid="audit-row">
      <TableCell className="whitespace-nowrap">
        <When entry={entry} timeZone={timeZone} />
      </TableCell>
      <TableCell className="max-w-56 min-w-40 [overflow-wrap:anywhere]">{actorLabel(entry)}</TableCell>
      <TableCell>
        <Badge variant="secondary" className="font-mono">
          {entry.action}
        </Badge>
        {hasSubject(entry) ? <p className="mt-1 text-xs [overflow-wrap:anywhere] text-muted-foreground">{entityLabel(entry)}</p> : null}
      </TableCell>
      <TableCell className="min-w-64">
        <Changes entry={entry} />
      </TableCell>
    </TableRow>
  );
}

function When({ entry, timeZone }: { entry: AuditEntry; timeZone: string }) {
  return (
    <time dateTime={entry.at.toISOString()} className="text-xs text-muted-foreground sm:text-sm">
      {formatTimestamp(entry.at, timeZone)}
    </time>
  );
}

function Changes({ entry }: { entry: AuditEntry }) {
  const changes = auditChanges(entry.before, entry.after);
  if (!changes.length) return <span className="text-muted-foreground">—</span>;
  return (
    <ul className="grid gap-0.5 font-mono text-xs">
      {changes.map((change) => (
        <li key={change.field} className="[overflow-wrap:anywhere]">
          <span className="text-muted-foreground">{change.field}:</span>{" "}
          {change.before !== undefined ? <del className="text-destructive no-underline">{change.before}</del> : null}
          {change.before !== undefined && change.after !== undefined ? " → " : null}
          {change.after !== undefined ? <ins className="text-success no-underline">{change.after}</ins> : null}
        </li>
      ))}
    </ul>
  );
}

function actorLabel(entry: AuditEntry): string {
  return entry.actorLabel ?? (entry.actorType === "system" ? "System" : entry.actorId ?? "—");
}

function hasSubject(entry: AuditEntry): boolean {
  return entry.entityType === "membership" || entry.entityType === "invitation";
}

function entityLabel(entry: AuditEntry): string {
  const row = entry.after ?? entry.before ?? {};
  if (typeof row.email === "string") return row.email;
  return entry.entityLabel ?? `${entry.entityType} ${entry.entityId ?? ""}`;
}
