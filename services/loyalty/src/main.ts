import { defineServiceModule } from '@tillwire/platform';
import { createLoyaltyService } from './loyalty.service';

export default defineServiceModule({ name: 'loyalty', create: createLoyaltyService });
