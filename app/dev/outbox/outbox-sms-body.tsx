/** A captured text message as a phone would show it, with its length (160 characters fit one GSM segment). */
export function OutboxSmsBody({ text }: { text: string }) {
  return (
    <figure className="grid gap-2">
      <p
        data-testid="outbox-sms-body"
        className="max-w-md rounded-2xl rounded-bl-sm bg-muted px-4 py-3 text-sm leading-relaxed break-words whitespace-pre-wrap"
      >
        {text}
      </p>
      <figcaption className="text-xs text-muted-foreground">{text.length} characters</figcaption>
    </figure>
  );
}
