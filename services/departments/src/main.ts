import { defineServiceModule } from '@tillwire/platform';
import { createDepartmentsService } from './departments.service';

export default defineServiceModule({ name: 'departments', create: createDepartmentsService });
