import type { departments } from '@tillwire/contracts';
import { hourlySales } from '../db/hourly-sales.repository';
import type { DepartmentsDeps } from './departments.deps';

/** The admin console's chart of a store day: what each department booked, hour by hour. */
export function salesByHour(deps: Pick<DepartmentsDeps, 'db' | 'timeZone'>, { date }: { date?: string | undefined }): Promise<departments.SalesByHourResult> {
  return hourlySales(deps.db, deps.timeZone, date);
}
