import { Filter } from "lucide-react";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";

type AuditFiltersProps = {
  filters: { actorId: string; action: string; from: string; to: string };
  actors: { id: string; label: string }[];
  actions: string[];
  resetHref: string;
};

/** A plain GET form: filters live in the URL, so they survive reloads and can be shared. */
export function AuditFilters({ filters, actors, actions, resetHref }: AuditFiltersProps) {
  return (
    <form method="get" className="grid gap-3 rounded-xl border bg-card p-4 shadow-sm sm:grid-cols-2 lg:grid-cols-[1fr_1fr_9.5rem_9.5rem_auto] lg:items-end">
      <div className="grid gap-2">
        <Label htmlFor="filter-actor">Actor</Label>
        <Select id="filter-actor" name="actor" defaultValue={filters.actorId}>
          <option value="">Anyone</option>
          {actors.map((actor) => (
            <option key={actor.id} value={actor.id}>
              {actor.label}
            </option>
          ))}
        </Select>
      </div>
      <div className="grid gap-2">
        <Label htmlFor="filter-action">Action</Label>
        <Select id="filter-action" name="action" defaultValue={filters.action}>
          <option value="">Any action</option>
          {actions.map((action) => (
            <option key={action} value={action}>
              {action}
            </option>
          ))}
        </Select>
      </div>
      <div className="grid gap-2">
        <Label htmlFor="filter-from">From</Label>
        <Input id="filter-from" name="from" type="date" defaultValue={filters.from} />
      </div>
      <div className="grid gap-2">
        <Label htmlFor="filter-to">To</Label>
        <Input id="filter-to" name="to" type="date" defaultValue={filters.to} />
      </div>
      <div className="flex gap-2 sm:col-span-2 lg:col-span-1">
        <Button type="submit" variant="outline" className="flex-1 lg:flex-none">
          <Filter /> Apply
        </Button>
        <Button asChild variant="ghost" className="flex-1 lg:flex-none">
          <Link href={resetHref}>Reset</Link>
        </Button>
      </div>
    </form>
  );
}
