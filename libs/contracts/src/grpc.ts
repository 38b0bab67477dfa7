/**
 * The gRPC contracts: TypeScript that ts-proto generates from proto/ (`npm run proto:gen`), never
 * edited by hand. Its own entry point, so the web apps, which import the package root, never bundle
 * @grpc/grpc-js.
 */
export * as loyaltyV1 from './generated/loyalty/v1/loyalty';
export * as reportsV1 from './generated/reports/v1/reports';
export * as healthV1 from './generated/grpc/health/v1/health';
