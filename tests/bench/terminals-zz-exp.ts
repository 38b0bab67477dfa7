import { startTestNode } from '../../libs/platform/src/testing/index';
import { settledMemory } from './terminals-memory';
import { issueCredentials, registerTerminals } from './terminals-setup';
import { getHeapSpaceStatistics } from 'node:v8';
const node = await startTestNode(['departments', 'inventory', 'terminals']);
const ids = await registerTerminals(node, 500, 'simulator', 8);
await issueCredentials(node.broker, ids, 8);
for (let i = 0; i < 12; i++) {
  const m = await settledMemory();
  const spaces = getHeapSpaceStatistics().map((s) => `${s.space_name.replace('_space','')}=${(s.space_size/1048576).toFixed(1)}`).join(' ');
  console.log(i, 'rss', (m.rss / 1048576).toFixed(1), 'heapTotal', (m.heapTotal/1048576).toFixed(1), 'heapUsed', (m.heapUsed / 1048576).toFixed(1), spaces);
  await new Promise((r) => setTimeout(r, 1000));
}
await node.stop();
