"use server";

import { orgAction } from "@/lib/actions/org-action";
import { LoadDemoDataInput, loadDemoData } from "@/lib/services/usage/load-demo-data";

/** One week of demo data per call: the page calls it chunk by chunk to show progress. */
export const loadDemoDataChunk = orgAction({ schema: LoadDemoDataInput, minimumRole: "admin", handler: loadDemoData });
