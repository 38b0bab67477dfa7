import type { Context } from 'moleculer';
import type { z } from 'zod';
import { CommonErrorCode, DomainError, type ErrorStatus } from '../errors/domain-error';

class ValidationError extends DomainError<CommonErrorCode.ValidationFailed> {
  readonly status: ErrorStatus = 400;
}

export interface ValidatedAction<Schema extends z.ZodType, Result> {
  params: Schema;
  handler(params: z.output<Schema>, ctx: Context): Promise<Result>;
}

/**
 * A Moleculer action whose params are parsed with a zod schema from libs/contracts before the
 * handler sees them; bad params become `validation_failed` (400) with the issues as details.
 */
export function validatedAction<Schema extends z.ZodType, Result>(action: ValidatedAction<Schema, Result>) {
  return {
    async handler(ctx: Context): Promise<Result> {
      const parsed = action.params.safeParse(ctx.params);
      if (!parsed.success) {
        throw new ValidationError(CommonErrorCode.ValidationFailed, 'Invalid parameters', {
          issues: parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
        });
      }
      return action.handler(parsed.data, ctx);
    },
  };
}
