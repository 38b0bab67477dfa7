import { defineServiceModule } from '@tillwire/platform';
import { createTransactionsService } from './transactions.service';

export default defineServiceModule({ name: 'transactions', create: createTransactionsService });
