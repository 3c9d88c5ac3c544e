/** What openapi.ts hands the per-area path builders (openapi-alerts.ts, openapi-alert-actions.ts). */
import type { z } from "zod";

/** Named schemas: answers go in one registry (read as output), request bodies in another (read as input). */
export type SchemaRegistry = z.core.$ZodRegistry<{ id: string }>;

export type PathHelpers = {
  ref: (id: string) => { $ref: string };
  json: (description: string, id: string) => object;
  errors: (...statuses: string[]) => Record<string, { $ref: string }>;
  pathId: (what: string) => object;
  queryParameters: (params: z.ZodObject) => object[];
};
