import { Mail } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { NoticeAlert } from "@/components/auth/notice-alert";
import { Button } from "@/components/ui/button";
import { Separator } from "@/components/ui/separator";
import { noticeFor } from "@/lib/auth/notices";
import { withNext } from "@/lib/auth/routes";
import { firstValue, type SearchParams } from "@/lib/utils";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const next = firstValue(params.next);
  return (
    <>
      <NoticeAlert notice={noticeFor(firstValue(params.notice))} />
      <AuthCard
        title="Sign in to Spendguard"
        description="Welcome back. Enter your email and password."
        footer={
          <p>
            New to Spendguard?{" "}
            <Link href={withNext("/signup", next)} className="font-medium text-foreground underline underline-offset-4">
              Create an account
            </Link>
          </p>
        }
      >
        <LoginForm next={next} />
        <Separator className="my-6">or</Separator>
        <Button asChild variant="outline" className="w-full">
          <Link href={withNext("/magic-link", next)}>
            <Mail /> Email me a sign-in link
          </Link>
        </Button>
      </AuthCard>
    </>
  );
}
