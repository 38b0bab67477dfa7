import { defineServiceModule } from '@tillwire/platform';
import { createInventoryService } from './inventory.service';

export default defineServiceModule({ name: 'inventory', create: createInventoryService });
