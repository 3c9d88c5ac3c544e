import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { OutboxHint } from "@/components/dev/outbox-hint";
import { withNext } from "@/lib/auth/routes";
import { firstValue, type SearchParams } from "@/lib/utils";
import { SignupForm } from "./signup-form";

export const metadata: Metadata = { title: "Create your account" };

export default async function SignupPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const next = firstValue((await searchParams).next);
  return (
    <AuthCard
      title="Create your Spendguard account"
      description="Start tracking and capping what your team spends on paid APIs."
      footer={
        <p>
          Already have an account?{" "}
          <Link href={withNext("/login", next)} className="font-medium text-foreground underline underline-offset-4">
            Sign in
          </Link>
        </p>
      }
    >
      <SignupForm next={next} outboxHint={<OutboxHint />} />
    </AuthCard>
  );
}
