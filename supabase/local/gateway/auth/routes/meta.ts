/** GET /health, /settings and /.well-known/jwks.json: what GoTrue says about itself. */
import { jwks } from "../../jwt.ts";
import { sendJson } from "../../http.ts";
import { validationFailed } from "../errors.ts";
import type { Route } from "../service-context.ts";

export const health: Route = {
  method: "GET",
  path: "/health",
  async handle(_deps, { res }) {
    sendJson(res, 200, {
      version: "local",
      name: "GoTrue",
      description: "GoTrue is a user registration and authentication API (Spendguard local stand-in)",
    });
  },
};

/** External providers GoTrue lists in /settings; none but email is available locally. */
const providers = [
  "anonymous_users", "apple", "azure", "bitbucket", "discord", "facebook", "figma", "fly", "github", "gitlab", "google",
  "keycloak", "kakao", "linkedin", "linkedin_oidc", "notion", "spotify", "slack", "slack_oidc", "workos", "twitch",
  "twitter", "x", "zoom", "phone",
];

export const settings: Route = {
  method: "GET",
  path: "/settings",
  async handle(deps, { res }) {
    const external: Record<string, boolean> = Object.fromEntries(providers.map((name) => [name, false]));
    external.email = deps.config.emailSignup;
    sendJson(res, 200, {
      external,
      disable_signup: !deps.config.enableSignup,
      mailer_autoconfirm: deps.config.mailerAutoconfirm,
      phone_autoconfirm: false,
      sms_provider: "",
      saml_enabled: false,
    });
  },
};

/** Public: anyone verifying Supabase tokens (jose's createRemoteJWKSet, say) fetches it without a key. */
export const jwksRoute: Route = {
  method: "GET",
  path: "/.well-known/jwks.json",
  withoutApiKey: true,
  async handle(_deps, { res }) {
    sendJson(res, 200, jwks, { "cache-control": "public, max-age=600" });
  },
};

/** OAuth providers are not configured locally; GoTrue answers the same for a disabled provider. */
function providerDisabled(path: string): Route {
  return {
    method: "GET",
    path,
    withoutApiKey: true,
    async handle() {
      throw validationFailed("Unsupported provider: provider is not enabled");
    },
  };
}

export const authorize = providerDisabled("/authorize");
export const callback = providerDisabled("/callback");
