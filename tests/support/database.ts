export { createTestDatabase, type TestDatabase } from '../../libs/platform/src/testing/index';
