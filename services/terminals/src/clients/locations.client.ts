import { inventory } from '@tillwire/contracts';
import type { Context } from 'moleculer';
import { errorType } from './broker-error';

/** What the terminals service asks of inventory: does a terminal's stock location exist. */
export interface LocationDirectory {
  exists(code: string): Promise<boolean>;
}

export function locationDirectory(ctx: Context): LocationDirectory {
  return {
    async exists(code) {
      try {
        await ctx.call(inventory.InventoryActions.getLocation, { code });
        return true;
      } catch (error) {
        if (errorType(error) === inventory.InventoryErrorCode.NotFound) return false;
        throw error;
      }
    },
  };
}
