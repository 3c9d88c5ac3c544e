import { CircleAlert, CircleCheck, Info } from "lucide-react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import type { Notice } from "@/lib/auth/notices";

const VARIANTS = {
  info: { variant: "default", Icon: Info },
  success: { variant: "success", Icon: CircleCheck },
  error: { variant: "destructive", Icon: CircleAlert },
} as const;

/** A notice that a redirect asked this page to show (see lib/auth/notices.ts). */
export function NoticeAlert({ notice }: { notice: Notice | null }) {
  if (!notice) return null;
  const { variant, Icon } = VARIANTS[notice.tone];
  return (
    <Alert variant={variant}>
      <Icon />
      <AlertDescription>{notice.text}</AlertDescription>
    </Alert>
  );
}
