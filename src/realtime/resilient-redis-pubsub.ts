import { Logger } from '@nestjs/common';
import { RedisPubSub } from 'graphql-redis-subscriptions';

/**
 * RedisPubSub whose publish never fails the caller. Events are published after the data has
 * committed, so a Redis outage must not turn a counted vote into an error response; the event is
 * lost for live subscribers (they notice the gap in `seq`), who get it from the room's event log
 * when they resume with `voteUpdated(afterSeq:)`.
 */
export class ResilientRedisPubSub extends RedisPubSub {
  private readonly logger = new Logger('PubSub');

  override async publish<T>(trigger: string, payload: T): Promise<void> {
    try {
      await super.publish(trigger, payload);
    } catch (error) {
      this.logger.warn(`Event on ${trigger} not delivered: ${(error as Error).message}`);
    }
  }
}
