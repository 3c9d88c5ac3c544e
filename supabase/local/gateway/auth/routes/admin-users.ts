/**
 * /admin/users: user management for service_role callers (supabase.auth.admin.*). Admin-created
 * users are not emailed; `email_confirm` decides whether they start confirmed.
 */
import { z } from "zod";
import { sendJson } from "../../http.ts";
import { requireAdmin } from "../authenticate.ts";
import { badRequest, notFound, unprocessable, validationFailed } from "../errors.ts";
import { flag, jsonMap, readParams, text } from "../request.ts";
import type { AuthDeps, Route } from "../service-context.ts";
import {
  audience, confirmEmail, createUser, findUserByEmail, findUserById, identitiesOf, jsonb, loadUserJson, setPassword,
  updateAppMetadata, updateUserMetadata, userJson, type Tx, type UserRow,
} from "../users.ts";
import { checkPasswordStrength, validateEmail } from "../validation.ts";

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const emailTaken = () => unprocessable("email_exists", "A user with this email address has already been registered");

async function userFromPath(tx: Tx, id: string): Promise<UserRow> {
  if (!uuid.test(id)) throw notFound("validation_failed", "user_id must be an UUID");
  const user = await findUserById(tx, id);
  if (!user) throw notFound("user_not_found", "User not found");
  return user;
}

const durationUnits: Record<string, number> = { ns: 1e-6, us: 1e-3, "µs": 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Go's time.ParseDuration (e.g. "24h", "1h30m"), in milliseconds. */
function parseDuration(value: string): number {
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== value) {
    throw validationFailed(`invalid format for ban duration: time: invalid duration "${value}"`);
  }
  return parts.reduce((total, [, amount, unit]) => total + Number(amount) * durationUnits[unit], 0);
}

async function applyBan(tx: Tx, userId: string, banDuration: string): Promise<void> {
  if (banDuration === "") return;
  const until = banDuration === "none" ? null : new Date(Date.now() + parseDuration(banDuration));
  await tx`update auth.users set banned_until = ${until}, updated_at = now() where id = ${userId}`;
}

export const listUsers: Route = {
  method: "GET",
  path: "/admin/users",
  async handle(deps, { res, url, authorization }) {
    await requireAdmin(authorization);
    const page = Math.max(1, Number.parseInt(url.searchParams.get("page") ?? "", 10) || 1);
    const perPage = Math.max(1, Number.parseInt(url.searchParams.get("per_page") ?? "", 10) || 50);
    const { users, total } = await deps.db.begin(async (tx) => {
      const [{ count }] = await tx<{ count: number }[]>`select count(*)::int as count from auth.users where aud = ${audience}`;
      const rows = await tx<UserRow[]>`
        select * from auth.users where aud = ${audience} order by created_at desc, id
        limit ${perPage} offset ${(page - 1) * perPage}`;
      return { users: await Promise.all(rows.map(async (row) => userJson(row, await identitiesOf(tx, row.id)))), total: count };
    });
    // GoTrue's pagination headers, which supabase-js reads for nextPage / lastPage / total.
    const lastPage = Math.max(1, Math.ceil(total / perPage));
    const link = (p: number, rel: string) => `<${deps.externalUrl}/admin/users?page=${p}&per_page=${perPage}>; rel="${rel}"`;
    const links = [...(page < lastPage ? [link(page + 1, "next")] : []), link(lastPage, "last")];
    sendJson(res, 200, { users, aud: audience }, { "x-total-count": String(total), link: links.join(", ") });
  },
};

const createParams = z.object({
  id: text,
  role: text,
  email: text,
  phone: text,
  password: z.string().nullish(),
  email_confirm: flag,
  user_metadata: jsonMap,
  app_metadata: jsonMap,
  ban_duration: text,
});

export const createUserRoute: Route = {
  method: "POST",
  path: "/admin/users",
  async handle(deps, { req, res, authorization }) {
    await requireAdmin(authorization);
    const body = await readParams(req, createParams);
    if (body.email === "" && body.phone === "") throw validationFailed("Cannot create a user without either an email or phone");
    if (body.email === "") throw badRequest("phone_provider_disabled", "Phone logins are disabled");
    const email = validateEmail(body.email);
    if (body.id !== "" && !uuid.test(body.id)) throw validationFailed("ID must conform to the uuid v4 format");
    if (typeof body.password === "string") checkPasswordStrength(deps.config, body.password);
    const result = await deps.db.begin(async (tx) => {
      if (await findUserByEmail(tx, email)) throw emailTaken();
      const user = await createUser(tx, {
        email,
        id: body.id || undefined,
        password: body.password ?? "",
        userMetadata: body.user_metadata ?? {},
        appMetadata: body.app_metadata,
        role: body.role || undefined,
      });
      if (body.email_confirm) await confirmEmail(tx, user);
      await applyBan(tx, user.id, body.ban_duration);
      return loadUserJson(tx, user.id);
    });
    sendJson(res, 200, result);
  },
};

export const getUserRoute: Route = {
  method: "GET",
  path: "/admin/users/{id}",
  async handle(deps, { res, params, authorization }) {
    await requireAdmin(authorization);
    const user = await deps.db.begin(async (tx) => loadUserJson(tx, (await userFromPath(tx, params.id)).id));
    sendJson(res, 200, user);
  },
};

const updateParams = createParams.omit({ id: true });

async function updateByAdmin(tx: Tx, deps: AuthDeps, user: UserRow, body: z.output<typeof updateParams>): Promise<void> {
  if (body.role !== "") await tx`update auth.users set role = ${body.role}, updated_at = now() where id = ${user.id}`;
  if (body.email !== "") {
    const email = validateEmail(body.email);
    const owner = await findUserByEmail(tx, email);
    if (owner && owner.id !== user.id) throw emailTaken();
    await tx`update auth.users set email = ${email}, updated_at = now() where id = ${user.id}`;
    await tx`
      update auth.identities set identity_data = identity_data || ${jsonb(tx, { email })}, updated_at = now()
      where user_id = ${user.id} and provider = 'email'`;
  }
  if (typeof body.password === "string") {
    checkPasswordStrength(deps.config, body.password);
    await setPassword(tx, user, body.password, null);
  }
  if (body.email_confirm && !user.email_confirmed_at) await confirmEmail(tx, (await findUserById(tx, user.id))!);
  if (body.user_metadata) await updateUserMetadata(tx, (await findUserById(tx, user.id))!, body.user_metadata);
  if (body.app_metadata) await updateAppMetadata(tx, user, body.app_metadata);
  await applyBan(tx, user.id, body.ban_duration);
}

export const updateUserRoute: Route = {
  method: "PUT",
  path: "/admin/users/{id}",
  async handle(deps, { req, res, params, authorization }) {
    await requireAdmin(authorization);
    const body = await readParams(req, updateParams);
    const result = await deps.db.begin(async (tx) => {
      const user = await userFromPath(tx, params.id);
      await updateByAdmin(tx, deps, user, body);
      return loadUserJson(tx, user.id);
    });
    sendJson(res, 200, result);
  },
};

const deleteParams = z.object({ should_soft_delete: flag });

export const deleteUserRoute: Route = {
  method: "DELETE",
  path: "/admin/users/{id}",
  async handle(deps, { req, res, params, authorization }) {
    await requireAdmin(authorization);
    const body = await readParams(req, deleteParams, true);
    await deps.db.begin(async (tx) => {
      const user = await userFromPath(tx, params.id);
      if (!body.should_soft_delete) {
        await tx`delete from auth.users where id = ${user.id}`;
        return;
      }
      // A soft-deleted user keeps its row (and what references it) but can never sign in again.
      await tx`delete from auth.identities where user_id = ${user.id}`;
      await tx`delete from auth.sessions where user_id = ${user.id}`;
      await tx`
        update auth.users set deleted_at = now(), email = null, phone = null, encrypted_password = '',
          confirmation_token = '', recovery_token = '', email_change = '', email_change_token_new = '',
          email_change_token_current = '', raw_user_meta_data = '{}'::jsonb, updated_at = now()
        where id = ${user.id}`;
    });
    sendJson(res, 200, {});
  },
};
