import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  { ignores: [".next/**", ".local/**", "node_modules/**", "next-env.d.ts", "test-results/**", "playwright-report/**"] },
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // Supabase clients are created in exactly one place per context.
    files: ["app/**", "components/**", "lib/**", "proxy.ts"],
    ignores: ["lib/supabase/**"],
    rules: {
      "no-restricted-imports": ["error", {
        paths: [
          { name: "@supabase/ssr", message: "Use the factories in lib/supabase/." },
          { name: "@supabase/supabase-js", message: "Use the factories in lib/supabase/.", allowTypeImports: true },
        ],
      }],
    },
  },
  {
    // lib/core is shared with Deno edge functions: pure TypeScript and zod only.
    files: ["lib/core/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ regex: "^(?!zod$|\\.{1,2}/).*", message: "lib/core may import only zod and other lib/core modules." }] }],
    },
  },
];

export default config;
