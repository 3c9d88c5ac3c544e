/**
 * The `[auth]` part of supabase/config.toml, read the way the Supabase CLI turns it into GoTrue's
 * settings. Only what this stand-in honours is parsed; the rest of the file is the CLI's business.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "smol-toml";
import { z } from "zod";
import { repoRoot } from "../../config.ts";

export type EmailTemplateType = "confirmation" | "magic_link" | "recovery" | "invite" | "email_change";

export type EmailTemplate = { subject: string; content: string };

export type AuthConfig = {
  siteUrl: string;
  /** Glob patterns (GoTrue's URI allow list) a `redirect_to` may match besides the site's host. */
  redirectAllowList: string[];
  jwtExpiry: number;
  refreshTokenRotation: boolean;
  refreshTokenReuseInterval: number;
  enableSignup: boolean;
  emailSignup: boolean;
  /** `enable_confirmations = false` is GoTrue's MAILER_AUTOCONFIRM = true. */
  mailerAutoconfirm: boolean;
  doubleConfirmEmailChanges: boolean;
  minimumPasswordLength: number;
  /** Character sets a password must draw at least one character from each of. */
  requiredCharacters: string[];
  otpLength: number;
  otpExpiry: number;
  /** PKCE flow states are valid this long (GoTrue's fixed default). */
  flowStateExpiry: number;
  templates: Record<EmailTemplateType, EmailTemplate>;
};

const lower = "abcdefghijklmnopqrstuvwxyz";
const upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const digits = "0123456789";
const symbols = "!@#$%^&*()_+-=[]{};'\\:\"|<>?,./`~";

/** The CLI's `password_requirements` values, as the character sets it hands to GoTrue. */
const passwordRequirements: Record<string, string[]> = {
  "": [],
  letters_digits: [lower + upper, digits],
  lower_upper_letters_digits: [lower, upper, digits],
  lower_upper_letters_digits_symbols: [lower, upper, digits, symbols],
};

const templateSchema = z.object({ subject: z.string().optional(), content_path: z.string().optional() });

const fileSchema = z.object({
  auth: z.object({
    site_url: z.string().default("http://127.0.0.1:3000"),
    additional_redirect_urls: z.array(z.string()).default([]),
    jwt_expiry: z.number().int().positive().max(604800).default(3600),
    enable_refresh_token_rotation: z.boolean().default(true),
    refresh_token_reuse_interval: z.number().int().nonnegative().default(10),
    enable_signup: z.boolean().default(true),
    minimum_password_length: z.number().int().min(6).default(6),
    password_requirements: z.enum(Object.keys(passwordRequirements) as [string, ...string[]]).default(""),
    email: z.object({
      enable_signup: z.boolean().default(true),
      double_confirm_changes: z.boolean().default(true),
      enable_confirmations: z.boolean().default(false),
      otp_length: z.number().int().min(6).max(10).default(6),
      otp_expiry: z.number().int().positive().max(86400).default(3600),
      template: z.record(z.string(), templateSchema).default({}),
    }).prefault({}),
  }).prefault({}),
});

/** GoTrue's built-in subjects and bodies, used when config.toml names no template of that type. */
const defaultTemplates: Record<EmailTemplateType, EmailTemplate> = {
  confirmation: {
    subject: "Confirm Your Email",
    content: '<h2>Confirm your email</h2><p>Follow this link to confirm your email:</p><p><a href="{{ .ConfirmationURL }}">Confirm your email address</a></p><p>Alternatively, enter the code: {{ .Token }}</p>',
  },
  magic_link: {
    subject: "Your Magic Link",
    content: '<h2>Magic Link</h2><p>Follow this link to login:</p><p><a href="{{ .ConfirmationURL }}">Log In</a></p><p>Alternatively, enter the code: {{ .Token }}</p>',
  },
  recovery: {
    subject: "Reset Your Password",
    content: '<h2>Reset Password</h2><p>Follow this link to reset the password for your user:</p><p><a href="{{ .ConfirmationURL }}">Reset Password</a></p><p>Alternatively, enter the code: {{ .Token }}</p>',
  },
  invite: {
    subject: "You have been invited",
    content: '<h2>You have been invited</h2><p>You have been invited to create a user on {{ .SiteURL }}. Follow this link to accept the invite:</p><p><a href="{{ .ConfirmationURL }}">Accept the invite</a></p><p>Alternatively, enter the code: {{ .Token }}</p>',
  },
  email_change: {
    subject: "Confirm Email Change",
    content: '<h2>Confirm email address change</h2><p>Follow this link to confirm the update of your email address from {{ .Email }} to {{ .NewEmail }}:</p><p><a href="{{ .ConfirmationURL }}">Change email address</a></p><p>Alternatively, enter the code: {{ .Token }}</p>',
  },
};

/**
 * Reads supabase/config.toml. `siteUrl` is the app URL the stack runs (it overrides `site_url`,
 * as test stacks serve the app on other ports); its origin joins the redirect allow list.
 */
export function loadAuthConfig(siteUrl: string, configPath = path.join(repoRoot, "supabase/config.toml")): AuthConfig {
  const { auth } = fileSchema.parse(parse(readFileSync(configPath, "utf8")));
  const templates = { ...defaultTemplates };
  for (const type of Object.keys(defaultTemplates) as EmailTemplateType[]) {
    const configured = auth.email.template[type];
    if (!configured) continue;
    templates[type] = {
      subject: configured.subject ?? defaultTemplates[type].subject,
      // content_path is relative to the project root, as the CLI resolves it.
      content: configured.content_path
        ? readFileSync(path.resolve(repoRoot, configured.content_path), "utf8")
        : defaultTemplates[type].content,
    };
  }
  const siteOrigin = new URL(siteUrl).origin;
  return {
    siteUrl: siteUrl.replace(/\/+$/, ""),
    redirectAllowList: [...auth.additional_redirect_urls, siteOrigin, `${siteOrigin}/**`],
    jwtExpiry: auth.jwt_expiry,
    refreshTokenRotation: auth.enable_refresh_token_rotation,
    refreshTokenReuseInterval: auth.refresh_token_reuse_interval,
    enableSignup: auth.enable_signup,
    emailSignup: auth.email.enable_signup,
    mailerAutoconfirm: !auth.email.enable_confirmations,
    doubleConfirmEmailChanges: auth.email.double_confirm_changes,
    minimumPasswordLength: auth.minimum_password_length,
    requiredCharacters: passwordRequirements[auth.password_requirements],
    otpLength: auth.email.otp_length,
    otpExpiry: auth.email.otp_expiry,
    flowStateExpiry: 300,
    templates,
  };
}
