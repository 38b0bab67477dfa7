import { parseArgs } from 'node:util';
import { config as loadConfig, ConfigError, type Config } from '../config/config';
import { startTelemetry } from '../telemetry/start-telemetry';

const USAGE = `Usage: tillwire <command> [options]

Commands:
  start                       embedded (TILLWIRE_MODE=embedded, default) or distributed platform
      --reset                 embedded only: delete the embedded database first
      --api-only              do not serve the web apps
  node --services a,b|all     one broker node running the given services
      --node-id <id>          node id (default <host>-<service>-<pid>)
  db:migrate                  apply pending migrations to the configured database
  db:diff <name>              write prisma/migrations/<timestamp>_<name>/migration.sql from the schema
  users <command> …           manage users and issue access tokens (\`users --help\` lists its commands)
  audit verify|list [options] check the audit hash chain / list audit entries (\`audit --help\`)
`;

function parseCommandLine() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        reset: { type: 'boolean', default: false },
        'api-only': { type: 'boolean', default: false },
        services: { type: 'string', default: 'all' },
        'node-id': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

async function main(): Promise<void> {
  // `users` and `audit` take options of their own, and run without telemetry: an admin's one-off commands.
  if (process.argv[2] === 'users') {
    const { usersCommand } = await import('./users.command');
    process.exitCode = await usersCommand(readConfig(), process.argv.slice(3));
    return;
  }
  if (process.argv[2] === 'audit') {
    const { auditCommand } = await import('./audit.command');
    process.exitCode = await auditCommand(readConfig(), process.argv.slice(3));
    return;
  }
  const { positionals, values } = parseCommandLine();
  const [command, ...rest] = positionals;
  if (values.help || command === undefined) {
    console.info(USAGE);
    return;
  }
  const config = readConfig();
  // Telemetry first, so instrumentation sees every module loaded after it.
  const telemetry = startTelemetry(config, command === 'node' ? values.services : command);
  switch (command) {
    case 'start': {
      if (config.mode === 'distributed') {
        const { startDistributed } = await import('./distributed');
        return startDistributed(config, { apiOnly: values['api-only'] });
      }
      const { startEmbedded } = await import('./embedded');
      return startEmbedded(config, telemetry, { reset: values.reset, apiOnly: values['api-only'] });
    }
    case 'node': {
      const { startServiceNode } = await import('./service-node');
      return startServiceNode(config, telemetry, values.services, values['node-id']);
    }
    case 'db:migrate': {
      const { migrateCommand } = await import('./db-commands');
      return migrateCommand(config);
    }
    case 'db:diff': {
      const { diffCommand } = await import('./db-commands');
      return diffCommand(rest[0]);
    }
    default:
      throw new UsageError(`Unknown command "${command}"`);
  }
}

class UsageError extends Error {}

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78);
    }
    throw error;
  }
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    console.error(`${error.message}\n\n${USAGE}`);
    process.exit(64);
  }
  console.error(error);
  process.exit(1);
});
