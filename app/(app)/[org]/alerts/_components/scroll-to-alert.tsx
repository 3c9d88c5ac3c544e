"use client";

import { useEffect } from "react";

/** Brings the alert a link opened (?alert=<id>, e.g. from an email) into view once the page is shown. */
export function ScrollToAlert({ alertId }: { alertId: string }) {
  useEffect(() => {
    document.getElementById(`alert-${alertId}`)?.scrollIntoView({ block: "start" });
  }, [alertId]);
  return null;
}
