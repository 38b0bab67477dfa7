import { loyalty } from '@tillwire/contracts';
import { loyaltyV1 } from '@tillwire/contracts/grpc';
import { validatedUnary, type GrpcService } from '@tillwire/platform';
import type { z } from 'zod';
import type { Result } from './domain/loyalty-failure';
import { LoyaltyError, LoyaltyErrorCode, toLoyaltyGrpcStatus, unwrap } from './loyalty.errors';
import { accountResponse, accrueResponse, ledgerResponse } from './loyalty.grpc-messages';
import { accruePoints } from './use-cases/accrue-points';
import { enrollAccount } from './use-cases/enroll-account';
import { getAccount } from './use-cases/get-account';
import type { LoyaltyContext } from './use-cases/loyalty-context';
import { readLedger } from './use-cases/read-ledger';
import { redeemPoints } from './use-cases/redeem-points';
import { refundPoints } from './use-cases/refund-points';
import { reverseRedemption } from './use-cases/reverse-redemption';

const c = loyalty;

/** loyalty.v1.LoyaltyService: each RPC validates its request, calls one use case, maps errors (loyalty.errors.ts). */
export function loyaltyGrpcService(ctx: LoyaltyContext, log: { error(...args: unknown[]): void }): GrpcService {
  const rpc = <Params extends z.ZodType, Value, Response>(
    params: Params,
    useCase: (input: z.output<Params>) => Promise<Result<Value>>,
    respond: (value: Value) => Response,
  ) =>
    validatedUnary(params, async (input) => respond(unwrap(await useCase(input))), {
      invalid: (issues) => new LoyaltyError(LoyaltyErrorCode.ValidationFailed, 'Invalid parameters', { issues }),
      toStatus: (error) => toLoyaltyGrpcStatus(error, log),
    });

  const implementation: loyaltyV1.LoyaltyServiceServer = {
    enroll: rpc(c.enrollParams, (p) => enrollAccount(ctx, p), accountResponse),
    getAccount: rpc(c.getAccountParams, (p) => getAccount(ctx, p), accountResponse),
    accrue: rpc(c.accrueParams, (p) => accruePoints(ctx, p), accrueResponse),
    redeem: rpc(c.redeemParams, (p) => redeemPoints(ctx, p), (redeemed) => redeemed),
    reverse: rpc(c.reverseParams, (p) => reverseRedemption(ctx, p), (reversed) => reversed),
    refund: rpc(c.refundParams, (p) => refundPoints(ctx, p), (refunded) => refunded),
    listLedger: rpc(c.ledgerParams, (p) => readLedger(ctx, p), ledgerResponse),
  };
  return { definition: loyaltyV1.LoyaltyServiceService, implementation };
}
