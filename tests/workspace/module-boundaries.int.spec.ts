import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';
import { WORKSPACE_ROOT } from '../support/processes';

const RULE = '@nx/enforce-module-boundaries';
let eslint: ESLint;

/** Lints `code` as if it were the file at `file`, returning the boundary rule's messages. */
async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(WORKSPACE_ROOT, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === RULE).map((m) => m.message);
}

beforeAll(() => {
  // The rule reads Nx's cached project graph; `npm run lint` computes it the same way.
  execFileSync(path.join(WORKSPACE_ROOT, 'node_modules/.bin/nx'), ['show', 'projects'], {
    cwd: WORKSPACE_ROOT,
    env: { ...process.env, NX_DAEMON: 'false' },
    stdio: 'ignore',
  });
  eslint = new ESLint({ cwd: WORKSPACE_ROOT });
}, 120_000);

describe('module boundaries', () => {
  it('let a service import the libraries', async () => {
    expect(
      await boundaryErrors(
        'services/inventory/src/probe.ts',
        "import { config } from '@tillwire/platform';\nexport const probe = config;\n",
      ),
    ).toEqual([]);
  });

  it('forbid a service importing another service, by package or by path', async () => {
    const byPackage = await boundaryErrors(
      'services/inventory/src/probe.ts',
      "import reports from '@tillwire/reports';\nexport const probe = reports;\n",
    );
    const byPath = await boundaryErrors(
      'services/inventory/src/probe.ts',
      "import { createReportsService } from '../../reports/src/reports.service';\nexport const probe = createReportsService;\n",
    );
    expect(byPackage).toHaveLength(1);
    expect(byPath).toHaveLength(1);
  });

  it('let an app import only the contracts', async () => {
    const platform = await boundaryErrors(
      'apps/pos-web/app/probe.ts',
      "import { config } from '@tillwire/platform';\nexport const probe = config;\n",
    );
    expect(platform[0]).toMatch(/scope:contracts/);
  });
});
