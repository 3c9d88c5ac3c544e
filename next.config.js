/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // The local stack and the test tooling are never part of the app bundle.
  serverExternalPackages: ["postgres"],
  typedRoutes: false,
  // Parallel test runs (SG_TEST_PORT_OFFSET) each build into their own directory.
  distDir: process.env.SG_NEXT_DIST_DIR || ".next",
};

export default nextConfig;
