import { forwardToPlatform } from '@tillwire/contracts';
import { config } from '../../config';

// Every method the public API answers; the browser never calls the API's origin itself.
const forward = (request: Request) =>
  forwardToPlatform(request, config.apiUrl, request.headers.get('x-forwarded-for') ?? undefined);

export const GET = forward;
export const POST = forward;
export const PUT = forward;
export const DELETE = forward;
export const dynamic = 'force-dynamic';
