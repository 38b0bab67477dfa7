import { fileURLToPath } from 'node:url';
import type { NextConfig } from 'next';

// npm workspaces hoist everything to the repo root, so tracing and Turbopack start there.
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

const nextConfig: NextConfig = {
  transpilePackages: ['@tillwire/contracts'],
  outputFileTracingRoot: repoRoot,
  turbopack: { root: repoRoot },
};

export default nextConfig;
