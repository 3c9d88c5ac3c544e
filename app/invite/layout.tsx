import type { ReactNode } from "react";
import { CenteredPage } from "@/components/layout/centered-page";

export default function InviteLayout({ children }: { children: ReactNode }) {
  return <CenteredPage width="md">{children}</CenteredPage>;
}
