import { describe, expect, it, jest } from '@jest/globals';
import type { ArgumentMetadata } from '@nestjs/common';
import { JoinAsGuestArgs } from '../../rooms/dto/join-as-guest.args.js';
import { VoteUpdatedArgs } from '../../votes/dto/vote-updated.args.js';
import { VoteInput } from '../../votes/dto/vote.input.js';
import { CommonError, CommonException } from '../errors/common.exception.js';
import { validationExceptionFactory } from '../errors/validation-exception.factory.js';
import { RememberingValidationPipe } from './remembering-validation.pipe.js';

const options = {
  whitelist: true,
  transform: true,
  forbidUnknownValues: true,
  exceptionFactory: validationExceptionFactory,
};
const asArgs = (metatype: ArgumentMetadata['metatype']): ArgumentMetadata => ({
  type: 'body',
  metatype,
});
const vote = { code: 'DSCG8B', trackUri: 'spotify:track:4uLU6hMCjMI75M1A2tKUQC', isLike: true };

/** How often the pipe went through class-transformer and class-validator. */
function counted(pipe: RememberingValidationPipe) {
  return jest.spyOn(pipe as unknown as { validate: () => Promise<unknown> }, 'validate');
}

describe('RememberingValidationPipe', () => {
  it('validates a flat argument once, then answers new instances equal to the first', async () => {
    const pipe = new RememberingValidationPipe(options);
    const validate = counted(pipe);
    const first = await pipe.transform({ ...vote }, asArgs(VoteInput));
    const second = await pipe.transform({ ...vote }, asArgs(VoteInput));
    expect(validate).toHaveBeenCalledTimes(1);
    expect(first).toBeInstanceOf(VoteInput);
    expect(second).toBeInstanceOf(VoteInput);
    expect(second).toEqual(first);
    expect(second).not.toBe(first);
    // What the handler changes on its copy is not what the next request gets.
    (second as VoteInput).code = 'CHANGED';
    expect(await pipe.transform({ ...vote }, asArgs(VoteInput))).toEqual(first);
  });

  it('remembers what the pipe returned (trimmed, unknown fields stripped), per class', async () => {
    const pipe = new RememberingValidationPipe(options);
    const validate = counted(pipe);
    const args = { code: 'DSCG8B', displayName: '  Sam  ' };
    for (let i = 0; i < 2; i++) {
      const joined = await pipe.transform({ ...args }, asArgs(JoinAsGuestArgs));
      expect(joined).toBeInstanceOf(JoinAsGuestArgs);
      expect(joined).toEqual(Object.assign(new JoinAsGuestArgs(), { ...args, displayName: 'Sam' }));
    }
    expect(validate).toHaveBeenCalledTimes(1);
  });

  it('refuses a wrong argument every time, with its validation error', async () => {
    const pipe = new RememberingValidationPipe(options);
    const validate = counted(pipe);
    for (let i = 0; i < 2; i++) {
      const refused = pipe.transform({ ...vote, trackUri: 'nope' }, asArgs(VoteInput));
      await expect(refused).rejects.toBeInstanceOf(CommonException);
      await expect(refused).rejects.toMatchObject({ reason: CommonError.VALIDATION_FAILED });
    }
    expect(validate).toHaveBeenCalledTimes(2);
  });

  it('does not take one class’s acceptance for another’s', async () => {
    const pipe = new RememberingValidationPipe(options);
    await pipe.transform({ code: 'DSCG8B', displayName: 'Sam' }, asArgs(JoinAsGuestArgs));
    // The same fields, as a vote: its own rules (trackUri and isLike are required) still apply.
    await expect(
      pipe.transform({ code: 'DSCG8B', displayName: 'Sam' }, asArgs(VoteInput)),
    ).rejects.toMatchObject({ reason: CommonError.VALIDATION_FAILED });
  });

  it('does not take NaN for the null it would print as', async () => {
    const pipe = new RememberingValidationPipe(options);
    const args = (afterSeq: number | null) => ({ code: 'DSCG8B', afterSeq });
    expect(await pipe.transform(args(null), asArgs(VoteUpdatedArgs))).toEqual(
      Object.assign(new VoteUpdatedArgs(), args(null)),
    );
    await expect(pipe.transform(args(NaN), asArgs(VoteUpdatedArgs))).rejects.toMatchObject({
      reason: CommonError.VALIDATION_FAILED,
    });
  });

  it('goes through the whole pipe for nested values and custom decorators', async () => {
    const pipe = new RememberingValidationPipe(options);
    const validate = counted(pipe);
    const nested = { ...vote, extra: { deep: true } };
    for (let i = 0; i < 2; i++) {
      expect(await pipe.transform({ ...nested }, asArgs(VoteInput))).toEqual(
        Object.assign(new VoteInput(), vote),
      );
    }
    expect(validate).toHaveBeenCalledTimes(2);
    const user = { id: 'u1' };
    expect(await pipe.transform(user, { type: 'custom', metatype: VoteInput })).toBe(user);
  });
});
