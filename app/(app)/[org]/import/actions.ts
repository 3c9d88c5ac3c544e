"use server";

import { orgAction } from "@/lib/actions/org-action";
import { ImportChunkInput, importEvents } from "@/lib/services/usage/import-events";

/**
 * One chunk of mapped rows from the import page; the page sends them one after another and
 * refreshes once at the end (a refresh per chunk would re-render the layout hundreds of times).
 */
export const importChunk = orgAction({ schema: ImportChunkInput, minimumRole: "admin", handler: importEvents, revalidate: false });
