import { LogOut } from "lucide-react";
import { SubmitButton } from "@/components/forms/submit-button";
import { signOut } from "../actions";

/** A one-button form, so signing out works before JavaScript has loaded. */
export function SignOutButton({ variant = "outline" }: { variant?: "outline" | "ghost" }) {
  return (
    <form action={signOut}>
      <SubmitButton variant={variant} size="sm" pendingLabel="Signing out…">
        <LogOut /> <span className="max-sm:sr-only">Sign out</span>
      </SubmitButton>
    </form>
  );
}
