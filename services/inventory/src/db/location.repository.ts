import type { SqlExecutor } from '@tillwire/platform';

export interface LocationRepository {
  exists(tx: SqlExecutor, code: string): Promise<boolean>;
}

export function createLocationRepository(): LocationRepository {
  return {
    async exists(tx, code) {
      return (await tx.query('SELECT 1 FROM inventory.locations WHERE code = $1', [code])).length > 0;
    },
  };
}
