"use client";

/**
 * One Realtime subscription per organization page tree: the tenant layout mounts <OrgRealtime>,
 * so every page of the organization stays subscribed (the nav's open-alert badge is live on all
 * of them) and the dashboard reads the connection's status from here instead of opening its own.
 */
import { createContext, useContext, type ReactNode } from "react";
import { useOrgRealtime, type RealtimeStatus } from "./use-org-realtime";

const StatusContext = createContext<RealtimeStatus | null>(null);

export function OrgRealtime({ org, children }: { org: { id: string; slug: string }; children: ReactNode }) {
  const status = useOrgRealtime(org);
  return <StatusContext value={status}>{children}</StatusContext>;
}

export function useOrgRealtimeStatus(): RealtimeStatus {
  const status = useContext(StatusContext);
  if (status === null) throw new Error("useOrgRealtimeStatus() needs an <OrgRealtime> above it.");
  return status;
}
