"use client";

import { FileUp } from "lucide-react";
import { useId, useState, type DragEvent } from "react";
import { buttonVariants } from "@/components/ui/button";
import { cn } from "@/lib/utils";

/** Where a file comes in: dropped on the box, or picked with the button (keyboard included). */
export function FileDrop({ onFile }: { onFile: (file: File) => void }) {
  const [dragging, setDragging] = useState(false);
  const inputId = useId();
  const over = (event: DragEvent) => {
    event.preventDefault();
    setDragging(true);
  };
  return (
    <div
      onDragEnter={over}
      onDragOver={over}
      onDragLeave={() => setDragging(false)}
      onDrop={(event) => {
        event.preventDefault();
        setDragging(false);
        const file = event.dataTransfer.files[0];
        if (file) onFile(file);
      }}
      className={cn(
        "grid justify-items-center gap-3 rounded-xl border-2 border-dashed px-4 py-10 text-center transition-colors",
        dragging ? "border-primary bg-primary/5" : "border-border",
      )}
      data-testid="file-drop"
    >
      <FileUp className="size-8 text-muted-foreground" aria-hidden />
      <div className="grid gap-1">
        <p className="font-medium">Drop a CSV file here</p>
        <p className="text-sm text-muted-foreground">Spendguard columns or a FOCUS billing export · .csv or .csv.gz · any size</p>
      </div>
      <input
        id={inputId}
        type="file"
        accept=".csv,.gz,text/csv"
        className="peer sr-only"
        onChange={(event) => {
          const file = event.target.files?.[0];
          // Cleared, so choosing the same file again (after fixing it) is a new choice.
          event.target.value = "";
          if (file) onFile(file);
        }}
      />
      <label
        htmlFor={inputId}
        className={cn(buttonVariants({ variant: "outline" }), "cursor-pointer peer-focus-visible:ring-[3px] peer-focus-visible:ring-ring/50")}
      >
        Choose a file
      </label>
    </div>
  );
}
