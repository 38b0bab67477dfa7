import { defineServiceModule } from '@tillwire/platform';
import { createApiService } from './api.service';

export default defineServiceModule({ name: 'api', create: createApiService });
