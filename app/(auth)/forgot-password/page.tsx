import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { NoticeAlert } from "@/components/auth/notice-alert";
import { OutboxHint } from "@/components/dev/outbox-hint";
import { noticeFor } from "@/lib/auth/notices";
import { firstValue, type SearchParams } from "@/lib/utils";
import { ForgotPasswordForm } from "./forgot-password-form";

export const metadata: Metadata = { title: "Reset your password" };

export default async function ForgotPasswordPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const notice = noticeFor(firstValue((await searchParams).notice));
  return (
    <>
      <NoticeAlert notice={notice} />
      <AuthCard
        title="Reset your password"
        description="We'll email you a link to choose a new password."
        footer={
          <p>
            Remembered it?{" "}
            <Link href="/login" className="font-medium text-foreground underline underline-offset-4">
              Back to sign in
            </Link>
          </p>
        }
      >
        <ForgotPasswordForm outboxHint={<OutboxHint />} />
      </AuthCard>
    </>
  );
}
