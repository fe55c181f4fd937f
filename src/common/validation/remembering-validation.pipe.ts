import { type ArgumentMetadata, Injectable, ValidationPipe } from '@nestjs/common';
import { LRUCache } from 'lru-cache';

/** Accepted arguments remembered per DTO class. */
const REMEMBERED_PER_CLASS = 2_000;

type Flat = Record<string, string | number | boolean | null | undefined>;

/** A field JSON prints as itself: NaN and the infinities would print as null, null's key. */
function isPlainField(field: unknown): boolean {
  return (
    field === null ||
    field === undefined ||
    typeof field === 'string' ||
    typeof field === 'boolean' ||
    (typeof field === 'number' && Number.isFinite(field))
  );
}

function isFlat(value: unknown): value is Flat {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  return Object.values(value).every(isPlainField);
}

/**
 * Nest's ValidationPipe, remembering the flat arguments it accepted: the same votes, room codes
 * and track URIs arrive again and again, and class-transformer and class-validator cost tens of
 * microseconds per request to accept them each time. An argument object whose fields are all
 * primitives, once accepted, is answered from memory with a new instance of its class holding
 * what the pipe returned then (trimmed strings included). Our DTOs' rules are pure functions of
 * the value (patterns, lengths, ranges, trims), so the answer is the same. Refusals are never
 * remembered: a wrong argument goes through the whole pipe and gets its error every time; so do
 * nested objects and lists.
 */
@Injectable()
export class RememberingValidationPipe extends ValidationPipe {
  private readonly accepted = new Map<abstract new () => unknown, LRUCache<string, Flat>>();

  /**
   * Typed as Nest's (a promise), but the value itself when it is known at once: what is not
   * validated (the caller, a scalar argument, as ValidationPipe.transform decides) and arguments
   * accepted before. Nest's pipes consumer awaits either; the GraphQL resolver pipeline
   * (sync-first-resolvers.ts) then calls the resolver without a turn of the event loop.
   */
  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    return this.transformSyncFirst(value, metadata) as Promise<unknown>;
  }

  private transformSyncFirst(value: unknown, metadata: ArgumentMetadata): unknown {
    // An expectedType replaces each argument's metatype: Nest's own rules then, all of them.
    if (this.expectedType !== undefined) return super.transform(value, metadata);
    // toValidate leaves out custom decorators, primitive types and a missing metatype: what
    // ValidationPipe.transform answers without validating.
    const { metatype } = metadata;
    if (!metatype || !this.toValidate(metadata)) {
      return this.isTransformEnabled ? this.transformPrimitive(value, metadata) : value;
    }
    if (!isFlat(value)) return super.transform(value, metadata);
    const dto = metatype as new () => object;
    const key = JSON.stringify(value);
    const remembered = this.accepted.get(dto)?.get(key);
    if (remembered) return Object.assign(new dto(), remembered);
    return this.validateAndRemember(dto, key, value, metadata);
  }

  private async validateAndRemember(
    dto: new () => object,
    key: string,
    value: unknown,
    metadata: ArgumentMetadata,
  ): Promise<unknown> {
    const result: unknown = await super.transform(value, metadata);
    if (result instanceof dto && isFlat(result)) {
      let accepted = this.accepted.get(dto);
      if (!accepted) {
        accepted = new LRUCache({ max: REMEMBERED_PER_CLASS });
        this.accepted.set(dto, accepted);
      }
      accepted.set(key, { ...result });
    }
    return result;
  }
}
