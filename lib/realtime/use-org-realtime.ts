"use client";

/**
 * Keeps an organization's pages live (mounted once by org-realtime.tsx): subscribes to its private
 * Realtime topics with the signed-in member's session, validates every message
 * (lib/core/usage/spend-delta.ts), and feeds the React Query cache in place (dashboard-cache.ts
 * says how). What cannot be updated exactly — top lists, a bucket the message cannot place, a
 * per-subject budget, anything announced only as changed (`spend_changed` after repricing,
 * `budgets_changed`, `alerts_changed`) — is refetched shortly after, at most every
 * CONFIRM_EVERY_MS under steady traffic. Every (re)subscription refetches all of it, since
 * whatever was sent while not subscribed is lost (Broadcast keeps no history): so the page never
 * drifts from the database, however long the connection was down.
 *
 * Tokens: the join carries the session's access token (setAuth() before each subscription);
 * supabase-js hands every refreshed token to the open socket itself. A channel the server closes
 * (an expired token, membership lost) is opened again, with backoff and a fresh token. Errored or
 * timed-out joins are retried by realtime-js.
 */
import type { RealtimeChannel } from "@supabase/supabase-js";
import { useQueryClient, type QueryClient, type QueryKey } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { budgetsMessageSchema, spendMessageSchema } from "@/lib/core/usage/spend-delta";
import type { DashboardBudgets } from "@/lib/services/dashboard/get-dashboard-budgets";
import type { DashboardFeed } from "@/lib/services/dashboard/get-dashboard-feed";
import type { DashboardSpend } from "@/lib/services/dashboard/get-dashboard-spend";
import type { DashboardTiles } from "@/lib/services/dashboard/get-dashboard-tiles";
import { createClient } from "@/lib/supabase/browser";
import { budgetsWithLedgers, dashboardKeys, feedWithMessage, orgKeys, spendWithMessage, tilesWithSpend, type Update } from "./dashboard-cache";
import { orgTopics } from "./topics";

export type RealtimeStatus = "connecting" | "live" | "reconnecting";

/** Waits before a channel the server closed is opened again, by attempt (the last repeats). */
const REOPEN_MS = [1_000, 2_000, 5_000, 10_000, 30_000];
/** A confirming refetch waits this long after the message (batches come in bursts)… */
const CONFIRM_DELAY_MS = 1_000;
/** …and runs at most this often per query under steady traffic. */
const CONFIRM_EVERY_MS = 10_000;

export function useOrgRealtime(org: { id: string; slug: string }): RealtimeStatus {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<RealtimeStatus>("connecting");

  useEffect(() => {
    const supabase = createClient();
    const topics = orgTopics(org.id);
    const confirm = confirmer(queryClient);
    let channels: RealtimeChannel[] = [];
    let joined = new Set<string>();
    let wasLive = false;
    let stopped = false;
    let attempt = 0;
    let reopenTimer: ReturnType<typeof setTimeout> | undefined;

    /** Applies `apply` to every cached answer under `prefix`; a stale or overtaken one is refetched soon. */
    function update<T>(prefix: QueryKey, apply: (data: T) => Update<T>) {
      for (const [key, data] of queryClient.getQueriesData<T>({ queryKey: prefix })) {
        if (data === undefined) continue;
        const next = apply(data);
        queryClient.setQueryData(key, next.data);
        // A fetch in flight answers from before this message and would overwrite it.
        if (next.stale || queryClient.isFetching({ queryKey: key, exact: true }) > 0) confirm(key);
      }
    }

    function onSpend(payload: unknown) {
      const parsed = spendMessageSchema.safeParse(payload);
      if (!parsed.success) return confirm(dashboardKeys.all(org.slug));
      const message = parsed.data;
      update<DashboardTiles>(dashboardKeys.tiles(org.slug), (tiles) => tilesWithSpend(tiles, message));
      update<DashboardSpend>(dashboardKeys.spend(org.slug), (spend) => spendWithMessage(spend, message));
      update<DashboardFeed>(dashboardKeys.feed(org.slug), (feed) => ({ data: feedWithMessage(feed, message), stale: false }));
      // Messages carry no split by model, team, project or end user.
      confirm(dashboardKeys.top(org.slug));
    }

    function onBudgets(payload: unknown) {
      const parsed = budgetsMessageSchema.safeParse(payload);
      if (!parsed.success) return confirm(dashboardKeys.budgets(org.slug));
      update<DashboardBudgets>(dashboardKeys.budgets(org.slug), (budgets) => budgetsWithLedgers(budgets, parsed.data));
    }

    function onJoinState(topic: string, state: string) {
      if (state === "SUBSCRIBED") {
        joined.add(topic);
        if (joined.size < Object.keys(topics).length) return;
        attempt = 0;
        wasLive = true;
        setStatus("live");
        void queryClient.invalidateQueries({ queryKey: dashboardKeys.all(org.slug) });
        void queryClient.invalidateQueries({ queryKey: orgKeys.openAlerts(org.slug) });
        return;
      }
      joined.delete(topic);
      setStatus(wasLive ? "reconnecting" : "connecting");
      if (state === "CLOSED") reopen();
    }

    function reopen() {
      if (stopped || reopenTimer !== undefined) return;
      close();
      reopenTimer = setTimeout(() => {
        reopenTimer = undefined;
        open().catch(reopen);
      }, REOPEN_MS[Math.min(attempt++, REOPEN_MS.length - 1)]);
    }

    async function open() {
      await supabase.realtime.setAuth();
      if (stopped) return;
      joined = new Set();
      const spend = supabase
        .channel(topics.spend, { config: { private: true } })
        .on("broadcast", { event: "spend" }, ({ payload }) => onSpend(payload))
        .on("broadcast", { event: "budgets" }, ({ payload }) => onBudgets(payload))
        .on("broadcast", { event: "budgets_changed" }, () => confirm(dashboardKeys.budgets(org.slug)))
        .on("broadcast", { event: "spend_changed" }, () => confirm(dashboardKeys.all(org.slug)));
      const alerts = supabase
        .channel(topics.alerts, { config: { private: true } })
        .on("broadcast", { event: "alerts_changed" }, () => {
          void queryClient.invalidateQueries({ queryKey: dashboardKeys.alerts(org.slug) });
          void queryClient.invalidateQueries({ queryKey: orgKeys.openAlerts(org.slug) });
        });
      channels = [spend, alerts];
      for (const [topic, channel] of [[topics.spend, spend], [topics.alerts, alerts]] as const) {
        // Channels this hook has let go of report CLOSED too: only the current ones count.
        channel.subscribe((state) => {
          if (!stopped && channels.includes(channel)) onJoinState(topic, state);
        });
      }
    }

    function close() {
      const closing = channels;
      channels = [];
      for (const channel of closing) void supabase.removeChannel(channel);
    }

    open().catch(reopen);
    return () => {
      stopped = true;
      clearTimeout(reopenTimer);
      confirm.cancel();
      close();
    };
  }, [org.id, org.slug, queryClient]);

  return status;
}

/** Schedules refetches of query keys: CONFIRM_DELAY_MS after the first ask, at most every CONFIRM_EVERY_MS each. */
function confirmer(queryClient: QueryClient) {
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const lastRun = new Map<string, number>();
  const confirm = (key: QueryKey) => {
    const id = JSON.stringify(key);
    if (timers.has(id)) return;
    const wait = Math.max(CONFIRM_DELAY_MS, (lastRun.get(id) ?? -Infinity) + CONFIRM_EVERY_MS - Date.now());
    timers.set(id, setTimeout(() => {
      timers.delete(id);
      lastRun.set(id, Date.now());
      void queryClient.invalidateQueries({ queryKey: key });
    }, wait));
  };
  confirm.cancel = () => {
    for (const timer of timers.values()) clearTimeout(timer);
    timers.clear();
  };
  return confirm;
}
