import { CommonErrorCode } from '../errors/domain-error';

/**
 * Whether a broker lookup found its thing: true when `lookup` answers, false when it fails with
 * `not_found` (every service uses that code); any other failure is rethrown.
 */
export async function found(lookup: Promise<unknown>): Promise<boolean> {
  try {
    await lookup;
    return true;
  } catch (error) {
    if ((error as { type?: unknown } | null)?.type === CommonErrorCode.NotFound) return false;
    throw error;
  }
}
