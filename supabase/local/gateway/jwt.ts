/**
 * Token signing and verification as Supabase does it: user access tokens are ES256 with the
 * signing key's `kid`; the legacy anon / service_role API keys are HS256 with the JWT secret.
 */
import { SignJWT, importJWK, jwtVerify, type JWTPayload } from "jose";
import { jwtSecret, signingJwk } from "../config.ts";

const privateKey = await importJWK(signingJwk, "ES256");
const publicKey = await importJWK({ kty: signingJwk.kty, crv: signingJwk.crv, x: signingJwk.x, y: signingJwk.y }, "ES256");
const secret = new TextEncoder().encode(jwtSecret);

/** The JWKS served at /auth/v1/.well-known/jwks.json: public keys only, never the HMAC secret. */
export const jwks = {
  keys: [
    {
      kty: signingJwk.kty,
      kid: signingJwk.kid,
      use: signingJwk.use,
      key_ops: ["verify"],
      alg: signingJwk.alg,
      ext: true,
      crv: signingJwk.crv,
      x: signingJwk.x,
      y: signingJwk.y,
    },
  ],
};

export function signAccessToken(claims: JWTPayload): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: "ES256", typ: "JWT", kid: signingJwk.kid }).sign(privateKey);
}

export type VerifiedToken = { claims: JWTPayload & { role?: string; sub?: string; session_id?: string } };

export class TokenError extends Error {
  readonly expired: boolean;
  constructor(message: string, expired: boolean) {
    super(message);
    this.expired = expired;
  }
}

/** Verifies a user token (ES256) or a legacy API-key token (HS256); anything else is rejected. */
export async function verifyToken(token: string): Promise<VerifiedToken> {
  try {
    const { payload } = await jwtVerify(token, async (header) => {
      if (header.alg === "ES256" && header.kid === signingJwk.kid) return publicKey;
      if (header.alg === "HS256") return secret;
      throw new TokenError("unrecognized signing key", false);
    }, { algorithms: ["ES256", "HS256"] });
    if (typeof payload.exp !== "number") throw new TokenError("token has no expiry", false);
    return { claims: payload };
  } catch (error) {
    if (error instanceof TokenError) throw error;
    const code = (error as { code?: string }).code;
    if (code === "ERR_JWT_EXPIRED") throw new TokenError("token is expired", true);
    throw new TokenError("invalid JWT: unable to parse or verify signature", false);
  }
}
