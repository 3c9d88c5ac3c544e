import { MailCheck } from "lucide-react";
import type { ReactNode } from "react";

type CheckEmailProps = { children: ReactNode; aside?: ReactNode };

/** What a form turns into once its email is on the way: where it went and what to do next. */
export function CheckEmail({ children, aside }: CheckEmailProps) {
  return (
    <div role="status" className="grid justify-items-center gap-4 text-center">
      <span className="inline-flex size-12 items-center justify-center rounded-full bg-accent text-accent-foreground">
        <MailCheck className="size-6" aria-hidden />
      </span>
      <div className="grid gap-1.5">
        <p className="text-lg font-semibold">Check your email</p>
        <p className="text-sm break-words text-muted-foreground">{children}</p>
        <p className="text-sm text-muted-foreground">Nothing there? Check your spam folder, or try again in a minute.</p>
      </div>
      {aside}
    </div>
  );
}
