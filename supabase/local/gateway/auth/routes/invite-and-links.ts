/**
 * Admin-only email actions: POST /invite (creates the user and emails the invitation) and
 * POST /admin/generate_link (creates what the link needs and returns it instead of emailing it).
 */
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { sendJson } from "../../http.ts";
import { requireAdmin } from "../authenticate.ts";
import { sendLinkEmail } from "../email-flows.ts";
import { notFound, unprocessable, validationFailed } from "../errors.ts";
import { issueEmailChangeLinks, issueEmailLink, type EmailLink } from "../mailer.ts";
import { isRedirectAllowed, referrerOf } from "../redirects.ts";
import { jsonMap, readParams, text } from "../request.ts";
import type { AuthDeps, Route } from "../service-context.ts";
import { createUser, findUserByEmail, isConfirmed, loadUserJson, userJson, identitiesOf, type Tx, type UserRow } from "../users.ts";
import { checkPasswordStrength, validateEmail } from "../validation.ts";

const emailTaken = () => unprocessable("email_exists", "A user with this email address has already been registered");

/** The invited user: new, or an earlier unconfirmed one (its metadata stays as it was). */
async function invitee(tx: Tx, email: string, data: Record<string, unknown>): Promise<UserRow> {
  const existing = await findUserByEmail(tx, email);
  if (existing && isConfirmed(existing)) throw emailTaken();
  return existing ?? createUser(tx, { email, password: "", userMetadata: data, invited: true });
}

const inviteParams = z.object({ email: text, data: jsonMap });

export const invite: Route = {
  method: "POST",
  path: "/invite",
  async handle(deps, { req, res, url, authorization }) {
    await requireAdmin(authorization);
    const body = await readParams(req, inviteParams);
    const email = validateEmail(body.email);
    const redirectTo = referrerOf(deps.config, req, url);
    const result = await deps.db.begin(async (tx) => {
      const user = await invitee(tx, email, body.data ?? {});
      await sendLinkEmail(tx, deps, user, "invite", redirectTo, null);
      return loadUserJson(tx, user.id);
    });
    sendJson(res, 200, result);
  },
};

const linkTypes = ["signup", "magiclink", "recovery", "invite", "email_change_current", "email_change_new"] as const;
type LinkType = (typeof linkTypes)[number];

const linkParams = z.object({
  type: text,
  email: text,
  new_email: text,
  password: z.string().nullish(),
  data: jsonMap,
  redirect_to: text,
});

type LinkBody = z.output<typeof linkParams> & { type: LinkType };

async function generate(tx: Tx, deps: AuthDeps, body: LinkBody, email: string, redirectTo: string): Promise<{ user: UserRow; link: EmailLink }> {
  const data = body.data ?? {};
  const existing = await findUserByEmail(tx, email);
  switch (body.type) {
    case "signup": {
      if (existing && isConfirmed(existing)) throw emailTaken();
      if (!body.password) throw validationFailed("Signup requires a valid password");
      checkPasswordStrength(deps.config, body.password);
      const user = existing ?? (await createUser(tx, { email, password: body.password, userMetadata: data }));
      return { user, link: await issueEmailLink(tx, deps, user, "signup", redirectTo, "implicit") };
    }
    case "invite": {
      const user = await invitee(tx, email, data);
      return { user, link: await issueEmailLink(tx, deps, user, "invite", redirectTo, "implicit") };
    }
    case "magiclink":
    case "recovery": {
      if (!existing && body.type === "recovery") throw notFound("user_not_found", "User with this email not found");
      const user = existing ?? (await createUser(tx, { email, password: randomBytes(32).toString("base64url"), userMetadata: data }));
      return { user, link: await issueEmailLink(tx, deps, user, body.type, redirectTo, "implicit") };
    }
    default: {
      if (!existing) throw notFound("user_not_found", "User with this email not found");
      const newEmail = validateEmail(body.new_email);
      if (await findUserByEmail(tx, newEmail)) throw emailTaken();
      const links = await issueEmailChangeLinks(tx, deps, existing, newEmail, redirectTo, "implicit");
      const link = body.type === "email_change_new" ? links.next : links.current;
      if (!link) throw validationFailed("email_change_current links need double-confirmed email changes ([auth.email] double_confirm_changes)");
      return { user: existing, link };
    }
  }
}

export const generateLink: Route = {
  method: "POST",
  path: "/admin/generate_link",
  async handle(deps, { req, res, url, authorization }) {
    await requireAdmin(authorization);
    const body = await readParams(req, linkParams);
    const type = linkTypes.find((t) => t === body.type);
    if (!type) throw validationFailed(`Invalid email action link type requested: ${body.type}`);
    const email = validateEmail(body.email);
    const redirectTo = body.redirect_to && isRedirectAllowed(deps.config, body.redirect_to) ? body.redirect_to : referrerOf(deps.config, req, url);
    const result = await deps.db.begin(async (tx) => {
      const { user, link } = await generate(tx, deps, { ...body, type }, email, redirectTo);
      const fresh = (await findUserByEmail(tx, user.email ?? email)) ?? user;
      return {
        ...userJson(fresh, await identitiesOf(tx, fresh.id)),
        action_link: link.confirmationUrl,
        email_otp: link.otp,
        hashed_token: link.tokenHash,
        verification_type: type,
        redirect_to: link.redirectTo,
      };
    });
    sendJson(res, 200, result);
  },
};
