import type { MakeTeamSummary } from "@/lib/services/connectors/connector-schemas";

/** Which of a Make team's scenarios carry a spendguard tag line — what an alert could stop. */
export function TeamSummary({ team }: { team: MakeTeamSummary }) {
  return (
    <div className="grid gap-1 text-sm" data-testid="make-team-summary">
      <p>
        {team.scenarios} {team.scenarios === 1 ? "scenario" : "scenarios"} in the team, {team.tagged.length} tagged for Spendguard
        {team.tagged.length ? ":" : "."}
      </p>
      {team.tagged.length ? (
        <ul className="grid gap-0.5 pl-4 text-muted-foreground [list-style:disc]">
          {team.tagged.map((scenario) => (
            <li key={scenario.id} className="[overflow-wrap:anywhere]">
              “{scenario.name}” ({scenario.tags}){scenario.isActive ? "" : ", inactive"}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
