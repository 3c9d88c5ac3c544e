"use server";

import { orgAction } from "@/lib/actions/org-action";
import { LoadDemoDataInput, loadDemoData } from "@/lib/services/usage/load-demo-data";

/**
 * One week of demo data per call: the page calls it chunk by chunk to show progress, and refreshes
 * once when the last is in (the dashboard follows the batches live meanwhile).
 */
export const loadDemoDataChunk = orgAction({ schema: LoadDemoDataInput, minimumRole: "admin", handler: loadDemoData, revalidate: false });
