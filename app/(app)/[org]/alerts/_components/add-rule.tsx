"use client";

import { Plus } from "lucide-react";
import { useState, type ComponentProps } from "react";
import { Button } from "@/components/ui/button";
import { RuleForm } from "./rule-form";

/** "Add a rule", opening the form in place; it closes again once the rule is saved. */
export function AddRule(props: Omit<ComponentProps<typeof RuleForm>, "rule" | "onDone">) {
  const [open, setOpen] = useState(false);
  if (!open) {
    return (
      <div>
        <Button type="button" variant="outline" onClick={() => setOpen(true)}>
          <Plus /> Add a rule
        </Button>
      </div>
    );
  }
  return (
    <div className="rounded-lg border p-4" data-testid="add-rule">
      <h3 className="mb-3 text-sm font-semibold">New rule</h3>
      <RuleForm {...props} onDone={() => setOpen(false)} />
    </div>
  );
}
