export { localGrpcAddress, startGrpcServer, unaryHandler, type GrpcService, type RunningGrpcServer } from './grpc-server';
export { GrpcClient, type GrpcClientConstructor, type GrpcClientOptions, type UnaryMethod } from './grpc-client';
export { GrpcCallError, fromGrpcError, grpcStatusOf, internalStatus, ERROR_CODE_KEY, ERROR_DETAILS_KEY } from './grpc-errors';
export { grpcClientOnNode, grpcTarget, publishGrpcEndpoint, serviceNameOf, withdrawGrpcEndpoint } from './grpc-endpoints';
export { parseRequest, validatedUnary, type RequestIssue } from './validated-unary';
export { CallerCredentials, callerKeyOf, loadCallerKey, serviceCaller, signCallerToken, verifyCaller, type CallerKey } from './grpc-callers';
