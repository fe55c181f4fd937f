import { SetMetadata } from '@nestjs/common';

export const RATE_LIMIT = 'rateLimit';
/** Per client address: 'login' (REST OAuth routes) and 'guestJoin' (joinAsGuest). */
export type AddressRateLimit = 'login' | 'guestJoin';

/** Limits an endpoint per client address; mutations are also limited per user automatically. */
export const RateLimit = (name: AddressRateLimit) => SetMetadata(RATE_LIMIT, name);
