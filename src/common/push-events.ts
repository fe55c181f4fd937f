/**
 * Where events go when their consumer would rather be called than wait: each event is handed to
 * `next` as it is published, in the publisher's own turn, with no promise per event.
 */
export interface EventSink<T> {
  next(event: T): void;
  /** The events ended (the iterator was returned, the subscriber removed): nothing follows. */
  end(): void;
  /** The events failed: nothing follows. */
  fail(error: unknown): void;
}

/** The method of an event iterator that hands its events to a sink instead (see PushableEvents). */
export const PUSH_EVENTS = Symbol('pushEvents');

/**
 * An async iterator of events that can also push them. After `[PUSH_EVENTS](sink)` the events
 * still queued and every later one go to the sink, and `next()` is not called any more; `return()`
 * still ends them (and the sink hears `end`). A fan-out of one event to thousands of subscribers
 * is then one synchronous loop of calls rather than a chain of promises per subscriber.
 */
export interface PushableEvents<T> extends AsyncIterableIterator<T> {
  [PUSH_EVENTS](sink: EventSink<T>): void;
}

export function isPushable<T>(events: AsyncIterator<T>): events is PushableEvents<T> {
  return typeof (events as Partial<PushableEvents<T>>)[PUSH_EVENTS] === 'function';
}
