import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLoadCli } from '../load-cli-process';

const FIXTURE = path.join(import.meta.dirname, 'fixtures/visits.js');

/** Answers `{path}` with 200, or 500 under /broken. */
let server: http.Server;
let baseUrl: string;
const paths: string[] = [];
let dir: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    paths.push(req.url!);
    res.writeHead(req.url!.startsWith('/broken') ? 500 : 200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ path: req.url }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dir = await mkdtemp(path.join(os.tmpdir(), 'tw-load-cli-'));
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

const visit = (prefix: string, metric: string, threshold: string, exportFile?: string) =>
  runLoadCli([FIXTURE, '-e', `BASE_URL=${baseUrl}`, '-e', `PATH_PREFIX=${prefix}`, '-e', `THRESHOLD_METRIC=${metric}`, '-e', `THRESHOLD=${threshold}`, ...(exportFile ? ['--summary-export', exportFile] : [])]);

describe('npm run load with the built-in runner', () => {
  it('runs every VU iteration with its own __VU and __ITER and exits 0 when every threshold holds', async () => {
    const exportFile = path.join(dir, 'passing.json');
    const result = await visit('ok', 'checks', 'rate==1', exportFile);
    expect(result.code, result.stderr).toBe(0);
    expect(paths.filter((p) => p.startsWith('/ok/')).sort()).toEqual(['/ok/1/0', '/ok/1/1', '/ok/1/2', '/ok/2/0', '/ok/2/1', '/ok/2/2']);
    expect(result.stdout).toContain("✓ 'rate==1' rate=100.00%");
    const summary = JSON.parse(await readFile(exportFile, 'utf8')) as {
      metrics: Record<string, Record<string, unknown>>;
      root_group: { groups: Record<string, { checks: Record<string, { passes: number; fails: number }> }> };
    };
    expect(summary.metrics.checks).toMatchObject({ passes: 12, fails: 0, value: 1, thresholds: { 'rate==1': false } });
    expect(summary.metrics.visits).toMatchObject({ count: 6, thresholds: { 'count==6': false } });
    expect(summary.metrics['http_reqs{scenario:visits}']).toMatchObject({ count: 6, thresholds: { 'count==6': false } });
    expect(summary.root_group.groups.visit!.checks['answered 200']).toMatchObject({ passes: 6, fails: 0 });
  });

  it("exits 99, k6's code, when a threshold is crossed, naming it", async () => {
    const exportFile = path.join(dir, 'failing.json');
    const result = await visit('broken', 'http_req_failed', 'rate<0.01', exportFile);
    expect(result.code).toBe(99);
    expect(result.stderr).toContain("thresholds on metrics 'http_req_failed' have been crossed");
    expect(result.stdout).toContain("✗ 'rate<0.01' rate=100.00%");
    const summary = JSON.parse(await readFile(exportFile, 'utf8')) as { metrics: Record<string, { thresholds?: Record<string, boolean> }> };
    expect(summary.metrics.http_req_failed!.thresholds).toEqual({ 'rate<0.01': true });
    expect(summary.metrics.visits!.thresholds).toEqual({ 'count==6': false });
  });

  it('exits 104 without running anything for a threshold the metric type lacks', async () => {
    const before = paths.length;
    const result = await visit('refused', 'checks', 'p(95)<1');
    expect(result.code).toBe(104);
    expect(result.stderr).toContain('"p(95)" is not an aggregation of a rate metric');
    expect(paths).toHaveLength(before);
  });
});
