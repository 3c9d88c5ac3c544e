/**
 * Fixed ports for the test stacks, clear of `npm run dev` (54321/54322/3000).
 * SG_TEST_PORT_OFFSET shifts them all, so two checkouts can run their suites side by side.
 */
const offset = Number(process.env.SG_TEST_PORT_OFFSET ?? 0);

/** `make`, `openai`…: the fake provider APIs the stack's edge functions are pointed at (MAKE_BASE_URL…). */
export const integrationPorts = {
  gateway: 55321 + offset, db: 55322 + offset, app: 55300 + offset,
  make: 55331 + offset, openai: 55332 + offset, anthropic: 55333 + offset, twilio: 55334 + offset, aws: 55335 + offset,
};
/** For suites that start and stop a stack of their own. */
export const scratchPorts = { gateway: 55341 + offset, db: 55342 + offset, app: 55340 + offset };
export const dbTestPort = 55422 + offset;
export const e2ePorts = {
  gateway: 56321 + offset, db: 56322 + offset, app: 56300 + offset,
  make: 56331 + offset, openai: 56332 + offset, anthropic: 56333 + offset, twilio: 56334 + offset, aws: 56335 + offset,
};
/** The Make API base URL a stack's edge functions and app use in tests: the fake's, on that stack's `make` port. */
export const fakeMakeUrl = (ports: { make: number }) => `http://127.0.0.1:${ports.make}/api/v2`;

/** Where the cost connectors reach their providers in tests: the fakes on the stack's fixed ports (the same variables the app reads). */
export const fakeCostProviderEnv = (ports: { openai: number; anthropic: number; twilio: number; aws: number }) => ({
  OPENAI_ADMIN_BASE_URL: `http://127.0.0.1:${ports.openai}/v1`,
  ANTHROPIC_ADMIN_BASE_URL: `http://127.0.0.1:${ports.anthropic}/v1`,
  TWILIO_USAGE_BASE_URL: `http://127.0.0.1:${ports.twilio}`,
  AWS_COST_EXPLORER_ENDPOINT: `http://127.0.0.1:${ports.aws}`,
});
/** Keeps each run's data directories apart too. */
export const testRunTag = offset === 0 ? "" : `-${offset}`;
