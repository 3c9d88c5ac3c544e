/**
 * How long one request to a provider or webhook endpoint may take. Well inside the dispatcher's
 * two-minute lease, so a slow send never outlives its claim and gets sent twice.
 */
export const SEND_TIMEOUT_MS = 10_000;
