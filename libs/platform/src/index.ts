export { config, parseConfig, childEnvironment, ConfigError, terminalWaitMs, type Config, type Mode } from './config/config';
export { SECRET_VARIABLES } from './config/config.schema';
export { createBroker, DEAD_LETTER_QUEUE } from './broker/create-broker';
export { validatedAction, type ValidatedAction } from './broker/validated-action';
export { found } from './broker/found';
export { DomainError, CommonErrorCode, toBrokerError, type ErrorStatus } from './errors/domain-error';
export { toHttpError, type HttpError, type HttpErrorBody } from './errors/http-error';
export { openDatabase, openPostgres, openPglite, type Database } from './db/database';
export { columnsOf, type SqlExecutor } from './db/sql-executor';
export {
  defineServiceModule,
  SERVICE_NAMES,
  type ServiceDependencies,
  type ServiceModule,
  type ServiceName,
} from './runner/service-module';
export * from './saga/index';
export * from './idempotency/index';
export { derivedUuid, serviceId } from './ids';
export * from './outbox/index';
export * from './dead-letters/index';
export { backoffDelayMs, type RetryPolicy } from './retry-policy';
export { toSafeNumber } from './db/safe-number';
export { idSliceCondition, type IdSlice } from './db/id-slice';
export { publishOnce, readIfExists, replaceFile } from './files/owner-only-files';
export { unitOfWork, type UnitOfWork } from './db/unit-of-work';
export * from './grpc/index';
export * from './auth/index';
export * from './audit/index';
