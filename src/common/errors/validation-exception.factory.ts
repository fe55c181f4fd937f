import type { ValidationError } from 'class-validator';
import { CommonError, CommonException } from './common.exception.js';

interface FieldError {
  field: string;
  messages: string[];
}

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = error.constraints
      ? [{ field, messages: Object.values(error.constraints) }]
      : ([] as FieldError[]);
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** ValidationPipe's exceptionFactory: BAD_USER_INPUT naming every failing field. */
export function validationExceptionFactory(errors: ValidationError[]): CommonException {
  const fields = flatten(errors);
  const message = fields.map((f) => f.messages.join(', ')).join('; ');
  return new CommonException(CommonError.VALIDATION_FAILED, message || undefined, { fields });
}
