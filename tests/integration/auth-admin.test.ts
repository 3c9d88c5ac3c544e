/**
 * The admin API (supabase.auth.admin with the secret key), invitations, email changes, and
 * triggers on auth.users firing inside Auth's own writes as they do on hosted Supabase.
 */
import { createClient } from "@supabase/supabase-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anonClient, gatewayUrl, secretKey, siteUrl, superuserSql, uniqueEmail } from "../helpers/local-stack.ts";
import { lastAuthEmail } from "../helpers/mail.ts";
import { footprint, postAuth } from "./auth-helpers.ts";

const sql = superuserSql();
const admin = createClient(gatewayUrl, secretKey, { auth: { persistSession: false, autoRefreshToken: false } }).auth.admin;
const password = "correct-horse-battery";
afterAll(() => sql.end());

describe("admin users", () => {
  it("creates, lists, reads, updates and deletes users", async () => {
    const email = uniqueEmail("admin");
    const created = await admin.createUser({ email, password, email_confirm: true, user_metadata: { full_name: "Grace" }, app_metadata: { tier: "pro" } });
    expect(created.error).toBeNull();
    const id = created.data.user!.id;
    expect(created.data.user).toMatchObject({
      email,
      user_metadata: { full_name: "Grace", email_verified: true },
      app_metadata: { provider: "email", providers: ["email"], tier: "pro" },
    });
    expect(created.data.user?.email_confirmed_at).toBeTruthy();
    expect(await lastAuthEmail(sql, email)).toBeUndefined();
    expect((await anonClient().auth.signInWithPassword({ email, password })).error).toBeNull();

    const listed = await admin.listUsers({ page: 1, perPage: 500 });
    expect(listed.error).toBeNull();
    expect(listed.data.users.some((user) => user.id === id)).toBe(true);
    expect("total" in listed.data && listed.data.total).toBeGreaterThan(0);

    expect((await admin.getUserById(id)).data.user?.email).toBe(email);
    const updated = await admin.updateUserById(id, { user_metadata: { full_name: "Grace Hopper" }, ban_duration: "1h" });
    expect(updated.data.user?.user_metadata.full_name).toBe("Grace Hopper");
    expect(updated.data.user?.banned_until).toBeTruthy();
    const banned = await anonClient().auth.signInWithPassword({ email, password });
    expect(banned.error).toMatchObject({ status: 400, code: "user_banned" });

    const deleted = await admin.deleteUser(id);
    expect(deleted.error).toBeNull();
    const gone = await admin.getUserById(id);
    expect(gone.error).toMatchObject({ status: 404, code: "user_not_found" });
    expect(await footprint(sql, email)).toMatchObject({ users: 0, identities: 0, sessions: 0 });
  });

  it("refuses a second user with the same email", async () => {
    const email = uniqueEmail("admindupe");
    await admin.createUser({ email, password });
    const again = await admin.createUser({ email, password });
    expect(again.error).toMatchObject({ status: 422, code: "email_exists" });
  });

  it("generates a magic link without sending it", async () => {
    const email = uniqueEmail("genlink");
    await admin.createUser({ email, password, email_confirm: true });
    const link = await admin.generateLink({ type: "magiclink", email, options: { redirectTo: `${siteUrl}/dashboard` } });
    expect(link.error).toBeNull();
    expect(link.data.properties).toMatchObject({ verification_type: "magiclink", redirect_to: `${siteUrl}/dashboard` });
    expect(link.data.properties?.email_otp).toMatch(/^\d{6}$/);
    expect(link.data.properties?.action_link).toContain("/auth/v1/verify?token=");
    expect(await lastAuthEmail(sql, email)).toBeUndefined();
    const verified = await anonClient().auth.verifyOtp({ token_hash: link.data.properties!.hashed_token, type: "magiclink" });
    expect(verified.data.user?.email).toBe(email);
  });

  it("invites a user, who accepts through the emailed link", async () => {
    const email = uniqueEmail("invitee");
    const invited = await admin.inviteUserByEmail(email, { data: { org: "acme" }, redirectTo: `${siteUrl}/welcome` });
    expect(invited.error).toBeNull();
    expect(invited.data.user?.invited_at).toBeTruthy();
    const mail = await lastAuthEmail(sql, email);
    expect(mail?.subject).toBe("You have been invited to Spendguard");
    expect(mail?.meta.type).toBe("invite");
    const accepted = await anonClient().auth.verifyOtp({ token_hash: mail!.meta.token_hash, type: "invite" });
    expect(accepted.error).toBeNull();
    expect(accepted.data.user).toMatchObject({ email, user_metadata: { org: "acme", email_verified: true } });
    expect(accepted.data.user?.identities?.[0].identity_data?.email_verified).toBe(true);
  });
});

describe("email change", () => {
  it("changes the address only once the emailed link is verified", async () => {
    const email = uniqueEmail("before");
    const next = uniqueEmail("after");
    const client = anonClient();
    await client.auth.signUp({ email, password });
    const requested = await client.auth.updateUser({ email: next }, { emailRedirectTo: `${siteUrl}/settings` });
    expect(requested.error).toBeNull();
    expect(requested.data.user).toMatchObject({ email, new_email: next });

    const toNew = await lastAuthEmail(sql, next);
    const toCurrent = await lastAuthEmail(sql, email);
    expect(toNew?.meta.type).toBe("email_change");
    expect(toCurrent?.meta.type).toBe("email_change");
    expect(toNew?.subject).toBe("Confirm your new Spendguard email address");

    const verified = await client.auth.verifyOtp({ token_hash: toNew!.meta.token_hash, type: "email_change" });
    expect(verified.error).toBeNull();
    expect(verified.data.user).toMatchObject({ email: next });
    expect(verified.data.user?.new_email).toBeUndefined();
    expect((await anonClient().auth.signInWithPassword({ email: next, password })).error).toBeNull();
  });

  it("refuses an address that belongs to someone else", async () => {
    const taken = uniqueEmail("taken");
    await anonClient().auth.signUp({ email: taken, password });
    const client = anonClient();
    await client.auth.signUp({ email: uniqueEmail("mover"), password });
    const result = await client.auth.updateUser({ email: taken });
    expect(result.error).toMatchObject({ status: 422, code: "email_exists" });
  });

  it("refuses reusing the current password as the new one", async () => {
    const client = anonClient();
    await client.auth.signUp({ email: uniqueEmail("same"), password });
    const result = await client.auth.updateUser({ password });
    expect(result.error).toMatchObject({ status: 422, code: "same_password" });
  });
});

describe("triggers on auth.users", () => {
  beforeAll(async () => {
    const setup = superuserSql();
    await setup.unsafe(`
      create schema if not exists auth_trigger_probe;
      create table if not exists auth_trigger_probe.new_users (id uuid primary key, email text, metadata jsonb);
      create or replace function auth_trigger_probe.on_new_user() returns trigger language plpgsql security definer set search_path = '' as $$
      begin
        if new.email like 'reject-trigger-%' then
          raise exception 'profiles are not accepted for %', new.email;
        end if;
        insert into auth_trigger_probe.new_users (id, email, metadata) values (new.id, new.email, new.raw_user_meta_data);
        return new;
      end $$;
      drop trigger if exists auth_trigger_probe_on_new_user on auth.users;
      create trigger auth_trigger_probe_on_new_user after insert on auth.users
        for each row when (new.email like '%-trigger-%') execute function auth_trigger_probe.on_new_user();
    `);
    await setup.end();
  });

  afterAll(async () => {
    const cleanup = superuserSql();
    await cleanup.unsafe(`drop trigger if exists auth_trigger_probe_on_new_user on auth.users; drop schema if exists auth_trigger_probe cascade;`);
    await cleanup.end();
  });

  it("runs them in the sign-up transaction, with the sign-up metadata", async () => {
    const probe = superuserSql();
    const email = uniqueEmail("accept-trigger");
    const { data } = await anonClient().auth.signUp({ email, password, options: { data: { full_name: "Tess" } } });
    const [row] = await probe`select * from auth_trigger_probe.new_users where id = ${data.user!.id}`;
    expect(row).toMatchObject({ email, metadata: { full_name: "Tess" } });

    // A trigger that fails makes the whole sign-up fail, as on hosted Supabase.
    const rejected = uniqueEmail("reject-trigger");
    const response = await postAuth("/signup", { email: rejected, password });
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ code: "unexpected_failure", message: "Database error saving new user" });
    const [{ count }] = await probe`select count(*)::int from auth.users where email = ${rejected}`;
    expect(count).toBe(0);
    await probe.end();
  });
});
