import type { GrpcCallError } from '../grpc/grpc-errors';

/** What a gRPC call rejected with (its status, domain code and details); fails the test when it resolved. */
export async function grpcRejection(call: Promise<unknown>): Promise<GrpcCallError> {
  try {
    await call;
  } catch (error) {
    return error as GrpcCallError;
  }
  throw new Error('Expected the call to be rejected');
}
