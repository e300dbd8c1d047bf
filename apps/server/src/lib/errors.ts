import { ERROR_CATALOGUE, type ErrorCode, type FieldError } from '@jingwang/contracts';

/** An error with a stable code from the catalogue; the error handler turns it into { code, message, details }. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details?: unknown,
  ) {
    super(message ?? ERROR_CATALOGUE[code].message);
    this.status = ERROR_CATALOGUE[code].status;
  }
}

export function validationError(fields: FieldError[], message?: string): AppError {
  return new AppError('VALIDATION_FAILED', message ?? `Invalid field ${fields.map((f) => f.field).join(', ')}`, fields);
}
