/**
 * Reads one of the app's GET route handlers (Explore, the dashboard). Their errors are `{ error: { message, fieldErrors? } }`;
 * a signed-out request is redirected to the login page (HTML), which reads as "sign in again".
 */
export class ExploreFetchError extends Error {}

type ErrorBody = { error?: { message?: string; fieldErrors?: Record<string, string[]> } };

export async function fetchJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { headers: { accept: "application/json" } });
  if (!(response.headers.get("content-type") ?? "").includes("application/json")) {
    throw new ExploreFetchError(
      response.redirected ? "Your session has ended. Reload the page to sign in again." : "Something went wrong on our side. Try again in a moment.",
    );
  }
  const body: unknown = await response.json();
  if (!response.ok) throw new ExploreFetchError(errorMessage(body as ErrorBody));
  return body as T;
}

function errorMessage(body: ErrorBody): string {
  const fieldMessages = Object.values(body.error?.fieldErrors ?? {}).flat();
  return fieldMessages.length ? fieldMessages.join(" ") : (body.error?.message ?? "Something went wrong on our side. Try again in a moment.");
}
