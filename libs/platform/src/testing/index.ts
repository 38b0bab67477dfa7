/** Test support for services and cross-service tests: real databases and brokers, never mocks. */
export { databaseUrl, testEnvironment, uniqueName } from './test-environment';
export { createTestDatabase, type TestDatabase } from './test-database';
export { startTestNode, type TestNode } from './test-node';
export { loadServiceModule } from '../runner/workspace';
export { grpcRejection } from './grpc-rejection';
export { TEST_JWT_SECRET, testAccessToken, testCaller, type TestActor } from './test-tokens';
