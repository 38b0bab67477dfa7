import { defineServiceModule } from '@tillwire/platform';
import { createReportsService } from './reports.service';

export default defineServiceModule({ name: 'reports', create: createReportsService });
