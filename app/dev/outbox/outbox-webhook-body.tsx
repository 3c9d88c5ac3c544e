/**
 * A captured webhook: the Standard Webhooks headers it was signed with (what a receiver checks)
 * and the JSON body exactly as posted, indented for reading.
 */
import { formatUtc } from "@/lib/utils";

const SHOWN_HEADERS = ["webhook-id", "webhook-timestamp", "webhook-signature", "content-type", "user-agent"];

function readable(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

export function OutboxWebhookBody({ headers, body }: { headers: Record<string, string>; body: string | null }) {
  const timestamp = Number(headers["webhook-timestamp"]);
  return (
    <div className="grid min-w-0 grid-cols-[minmax(0,1fr)] gap-4">
      <section aria-label="Request headers" className="min-w-0 rounded-lg border">
        <h3 className="border-b px-3 py-2 text-sm font-medium">Headers</h3>
        <dl data-testid="outbox-webhook-headers" className="grid grid-cols-[minmax(0,1fr)] gap-x-4 gap-y-1 px-3 py-3 text-xs sm:grid-cols-[max-content_minmax(0,1fr)] sm:gap-y-2">
          {SHOWN_HEADERS.filter((name) => headers[name] !== undefined).map((name) => (
            <div key={name} className="contents">
              <dt className="font-mono text-muted-foreground">{name}</dt>
              <dd className="mb-1 font-mono break-all sm:mb-0">
                {headers[name]}
                {name === "webhook-timestamp" && Number.isFinite(timestamp) ? (
                  <span className="ml-2 font-sans text-muted-foreground">({formatUtc(new Date(timestamp * 1000))})</span>
                ) : null}
              </dd>
            </div>
          ))}
        </dl>
      </section>
      {body ? (
        <section aria-label="Request body" className="min-w-0 rounded-lg border">
          <h3 className="border-b px-3 py-2 text-sm font-medium">Body</h3>
          <pre data-testid="outbox-webhook-body" className="max-h-96 overflow-auto px-3 py-3 font-mono text-xs leading-relaxed">
            {readable(body)}
          </pre>
        </section>
      ) : null}
    </div>
  );
}
