const REQUEST = `POST /api/v1/check
Authorization: Bearer sg_…

{
  "model": "gpt-4.1",
  "input_tokens": 120000,
  "output_tokens": 8000,
  "dimensions": { "team": "search" },
  "reserve": true
}`;

const RESPONSE = `{
  "decision": "warn",
  "budgets": [{
    "name": "LLM inference",
    "remaining": "1135.90",
    "currency": "USD"
  }]
}`;

/** The pre-spend check, shown as a request and its answer. */
export function CheckApiExample() {
  return (
    <div className="grid gap-3 text-[13px] leading-relaxed">
      <pre className="overflow-x-auto rounded-xl border bg-card p-4 font-mono" aria-label="Request">
        <code>{REQUEST}</code>
      </pre>
      <pre className="overflow-x-auto rounded-xl border bg-muted p-4 font-mono" aria-label="Response">
        <code>{RESPONSE}</code>
      </pre>
    </div>
  );
}
