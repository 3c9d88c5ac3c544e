import { LogoMark } from "@/components/brand/logo";

export function SiteFooter() {
  return (
    <footer className="border-t">
      <div className="mx-auto flex max-w-6xl flex-col gap-2 px-4 py-8 text-sm text-muted-foreground sm:flex-row sm:items-center sm:justify-between sm:px-6">
        <p className="flex items-center gap-2">
          <LogoMark className="size-5" />
          Spendguard keeps spend on paid APIs under control.
        </p>
        <p>© {new Date().getFullYear()} Spendguard</p>
      </div>
    </footer>
  );
}
