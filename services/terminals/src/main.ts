import { defineServiceModule } from '@tillwire/platform';
import { createTerminalsService } from './terminals.service';

export default defineServiceModule({ name: 'terminals', create: createTerminalsService });
