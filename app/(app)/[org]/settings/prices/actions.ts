"use server";

import { after } from "next/server";
import { orgAction } from "@/lib/actions/org-action";
import type { OrgContext } from "@/lib/tenancy/context";
import { runOpenRepriceJobs } from "@/lib/services/pricing/reprice-events";
import { advanceRepriceJob } from "@/lib/services/pricing/advance-reprice-job";
import { deleteFxRate as deleteRate } from "@/lib/services/pricing/delete-fx-rate";
import { deletePriceOverride as deleteOverride } from "@/lib/services/pricing/delete-price-override";
import { importFxRates as importRates } from "@/lib/services/pricing/import-fx-rates";
import { saveFxRate as saveRate } from "@/lib/services/pricing/save-fx-rate";
import { savePriceOverride as saveOverride } from "@/lib/services/pricing/save-price-override";
import { startUnpricedReprice as startReprice } from "@/lib/services/pricing/start-unpriced-reprice";
import {
  FxRateForm,
  FxRateIdInput,
  ImportFxRatesInput,
  PriceOverrideForm,
  PriceOverrideIdInput,
  RepriceJobIdInput,
} from "@/lib/services/pricing/schemas";
import { z } from "zod";

/**
 * A verb that queues repricing, followed — once the response is sent — by running the queued jobs
 * on the server, so they finish even if nobody keeps the page open. The page's own loop
 * (runRepriceBatch) shows progress and picks up any job a restart interrupted.
 */
function thenReprice<I, T>(verb: (ctx: OrgContext, input: I) => Promise<T>) {
  return async (ctx: OrgContext, input: I): Promise<T> => {
    const result = await verb(ctx, input);
    after(() =>
      runOpenRepriceJobs(ctx.org.id).catch((error: unknown) => {
        console.error(`[reprice] background run for organization ${ctx.org.id} stopped; the prices page resumes it`, error);
      }),
    );
    return result;
  };
}

export const savePriceOverride = orgAction({ schema: PriceOverrideForm, minimumRole: "admin", handler: thenReprice(saveOverride) });

export const deletePriceOverride = orgAction({ schema: PriceOverrideIdInput, minimumRole: "admin", handler: thenReprice(deleteOverride) });

export const saveFxRate = orgAction({ schema: FxRateForm, minimumRole: "admin", handler: thenReprice(saveRate) });

export const deleteFxRate = orgAction({ schema: FxRateIdInput, minimumRole: "admin", handler: thenReprice(deleteRate) });

export const importFxRates = orgAction({ schema: ImportFxRatesInput, minimumRole: "admin", handler: thenReprice(importRates) });

export const startUnpricedReprice = orgAction({ schema: z.object({}), minimumRole: "admin", handler: thenReprice(startReprice) });

/** A few seconds of work on one job; the page calls it again until the job is done. */
export const runRepriceBatch = orgAction({ schema: RepriceJobIdInput, minimumRole: "admin", handler: advanceRepriceJob });
