/** Injection token of the application's PubSubEngine (Redis-backed or in memory). */
export const PUB_SUB = Symbol('PUB_SUB');
/** Injection token of the shared ioredis client, or null without REDIS_URL. */
export const REDIS = Symbol('REDIS');
