/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // The local stack and the test tooling are never part of the app bundle.
  serverExternalPackages: ["postgres"],
  typedRoutes: false,
};

export default nextConfig;
