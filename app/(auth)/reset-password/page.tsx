import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { HOME_PATH } from "@/lib/auth/routes";
import { requireUser } from "@/lib/auth/require-user";
import { ResetPasswordForm } from "./reset-password-form";

export const metadata: Metadata = { title: "Choose a new password" };

/** Reached from a recovery email (which signs the person in) or from the account page. */
export default async function ResetPasswordPage() {
  const claims = await requireUser();
  return (
    <AuthCard
      title="Choose a new password"
      description={
        claims.email ? (
          <>
            For <span className="font-medium text-foreground">{claims.email}</span>. You stay signed in afterwards.
          </>
        ) : (
          "You stay signed in afterwards."
        )
      }
      footer={
        <Link href={HOME_PATH} className="underline-offset-4 hover:text-foreground hover:underline">
          Keep my current password
        </Link>
      }
    >
      <ResetPasswordForm email={claims.email} />
    </AuthCard>
  );
}
