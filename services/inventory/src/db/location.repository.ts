import type { Db } from '@tillwire/platform';

export interface LocationRepository {
  exists(tx: Db, code: string): Promise<boolean>;
}

export function createLocationRepository(): LocationRepository {
  return {
    async exists(tx, code) {
      return (await tx.location.count({ where: { code } })) > 0;
    },
  };
}
