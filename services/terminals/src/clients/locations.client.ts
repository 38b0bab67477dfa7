import { inventory } from '@tillwire/contracts';
import { found } from '@tillwire/platform';
import type { Context } from 'moleculer';

/** What the terminals service asks of inventory: does a terminal's stock location exist. */
export interface LocationDirectory {
  exists(code: string): Promise<boolean>;
}

export function locationDirectory(ctx: Context): LocationDirectory {
  return { exists: (code) => found(ctx.call(inventory.InventoryActions.getLocation, { code })) };
}
