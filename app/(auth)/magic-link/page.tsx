import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { OutboxHint } from "@/components/dev/outbox-hint";
import { withNext } from "@/lib/auth/routes";
import { firstValue, type SearchParams } from "@/lib/utils";
import { MagicLinkForm } from "./magic-link-form";

export const metadata: Metadata = { title: "Sign in with a link" };

export default async function MagicLinkPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const next = firstValue((await searchParams).next);
  return (
    <AuthCard
      title="Sign in with a link"
      description="No password needed: we'll email you a link that signs you in."
      footer={
        <p>
          <Link href={withNext("/login", next)} className="font-medium text-foreground underline underline-offset-4">
            Sign in with your password
          </Link>{" "}
          instead
        </p>
      }
    >
      <MagicLinkForm next={next} outboxHint={<OutboxHint />} />
    </AuthCard>
  );
}
