import { Logger } from '@nestjs/common';
import { OutageLog } from '../common/errors/service-unavailable.js';
import { RedisPubSub } from 'graphql-redis-subscriptions';

/**
 * RedisPubSub whose publish never fails the caller. Events are published after the data has
 * committed, so a Redis outage must not turn a counted vote into an error response; the event is
 * lost for live subscribers (they notice the gap in `seq`), who get it from the room's event log
 * when they resume with `voteUpdated(afterSeq:)`.
 */
export class ResilientRedisPubSub extends RedisPubSub {
  /** One line per outage, not one per lost event. */
  private readonly outages = new OutageLog(
    new Logger('PubSub'),
    'Redis is unavailable: live events are not delivered until it is back (subscribers resume from the event log)',
  );

  override async publish<T>(trigger: string, payload: T): Promise<void> {
    try {
      await super.publish(trigger, payload);
    } catch (error) {
      this.outages.noted(error);
    }
  }
}
