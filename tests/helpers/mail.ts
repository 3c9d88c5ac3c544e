/** Reading the emails the local stack captured instead of sending (local_dev.outbox). */
import type { Sql } from "postgres";

export type CapturedEmail = {
  id: number;
  recipient: string;
  subject: string;
  body_html: string;
  body_text: string;
  meta: {
    type: string;
    token: string;
    token_hash: string;
    redirect_to: string;
    link: string;
    confirmation_url: string;
    user_id: string;
  };
};

/** The newest auth email to `recipient`, or undefined when none was captured. */
export async function lastAuthEmail(sql: Sql, recipient: string): Promise<CapturedEmail | undefined> {
  const [row] = await sql<CapturedEmail[]>`
    select id::int, recipient, subject, body_html, body_text, meta from local_dev.outbox
    where channel = 'email' and source = 'auth' and recipient = ${recipient}
    order by id desc limit 1`;
  return row;
}

export async function authEmailCount(sql: Sql, recipient: string): Promise<number> {
  const [{ count }] = await sql<{ count: number }[]>`
    select count(*)::int as count from local_dev.outbox where channel = 'email' and source = 'auth' and recipient = ${recipient}`;
  return count;
}
