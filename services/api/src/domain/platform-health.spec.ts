import { describe, expect, it } from 'vitest';
import { platformHealth } from './platform-health';

describe('platformHealth', () => {
  it("lists available nodes with their services, hiding Moleculer internals and every node's span lookup", () => {
    const health = platformHealth(
      [
        { id: 'b', available: true, services: [{ name: '$node' }, { name: 'telemetry' }, { name: 'inventory' }] },
        { id: 'a', available: true, services: [{ name: 'api' }, { name: 'inventory' }] },
        { id: 'gone', available: false, services: [{ name: 'reports' }] },
      ],
      ['api', 'inventory'],
    );
    expect(health).toEqual({
      status: 'ok',
      nodes: [
        { id: 'a', services: ['api', 'inventory'] },
        { id: 'b', services: ['inventory'] },
      ],
      services: ['api', 'inventory'],
    });
  });

  it('is degraded while an expected service runs nowhere', () => {
    const health = platformHealth([{ id: 'a', available: true, services: [{ name: 'api' }] }], ['api', 'reports']);
    expect(health.status).toBe('degraded');
    expect(health.services).toEqual(['api']);
  });
});
