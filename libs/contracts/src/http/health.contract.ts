import { z } from 'zod';

/** `GET /health`: the platform is `ok` when every service runs on at least one available node. */
export const platformHealthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  nodes: z.array(z.object({ id: z.string(), services: z.array(z.string()) })),
  services: z.array(z.string()),
});

export type PlatformHealth = z.infer<typeof platformHealthSchema>;
