/** zod schemas of what the organization verbs accept; actions extend them with `orgSlug`. */
import { z } from "zod";
import { ORG_ROLES } from "@/lib/tenancy/roles";
import { SLUG_PATTERN } from "@/lib/tenancy/slug";
import { supportedCurrencies, supportedTimeZones } from "@/lib/tenancy/intl-options";

export const nameField = z
  .string({ error: "Enter a name." })
  .trim()
  .min(1, "Enter a name.")
  .max(100, "Keep the name under 100 characters.");

export const slugField = z
  .string({ error: "Enter a URL name." })
  .trim()
  .toLowerCase()
  .min(1, "Enter a URL name.")
  .max(48, "Keep the URL name to 48 characters or fewer.")
  .regex(SLUG_PATTERN, "Use lowercase letters, digits and hyphens (not at the start or end).");

export const currencyField = z
  .string({ error: "Choose a currency." })
  .refine((code) => supportedCurrencies().includes(code), "Choose a currency from the list.");

export const timezoneField = z
  .string({ error: "Choose a time zone." })
  .refine((zone) => supportedTimeZones().includes(zone), "Choose a time zone from the list.");

export const roleField = z.enum(ORG_ROLES, { error: "Choose a role: owner, admin, member or viewer." });

export const emailField = z
  .string({ error: "Enter an email address." })
  .trim()
  .toLowerCase()
  .min(1, "Enter an email address.")
  .pipe(z.email("Enter a valid email address."));

export const uuidField = z.uuid("That isn't a valid id.");

export const OrganizationInput = z.object({
  name: nameField,
  slug: slugField,
  baseCurrency: currencyField,
  timezone: timezoneField,
});
export type OrganizationInput = z.input<typeof OrganizationInput>;

/** Months of raw usage events kept (rollups are kept for good). */
export const RETENTION_CHOICES = [1, 3, 6, 12, 13, 18, 24, 36, 60, 120] as const;
export const RetentionInput = z.object({
  retentionMonths: z.coerce
    .number({ error: "Choose how long to keep raw events." })
    .int()
    .refine((months) => (RETENTION_CHOICES as readonly number[]).includes(months), "Choose one of the listed periods."),
});
export type RetentionInput = z.input<typeof RetentionInput>;

export const InviteMemberInput = z.object({ email: emailField, role: roleField });
export const InvitationIdInput = z.object({ invitationId: uuidField });
export const MemberInput = z.object({ userId: uuidField });
export const ChangeMemberRoleInput = z.object({ userId: uuidField, role: roleField });

/** base64url of 32 random bytes; anything else cannot be one of ours. */
export const invitationTokenField = z.string().regex(/^[A-Za-z0-9_-]{43}$/, "This invitation link is not valid.");

const dateField = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 2026-01-31.")
  .optional()
  .or(z.literal("").transform(() => undefined));

export const AuditLogQuery = z.object({
  actorId: uuidField.optional().or(z.literal("").transform(() => undefined)),
  action: z.string().max(100).optional().or(z.literal("").transform(() => undefined)),
  from: dateField,
  to: dateField,
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});
export type AuditLogQuery = z.input<typeof AuditLogQuery>;
