import { AppError, type ErrorDetail } from './errors.ts';

const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id as this system makes them (anything else is "not found" before it reaches the database). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** Collects field problems and throws them together as one VALIDATION_FAILED. */
export class FieldChecks {
  private readonly problems: ErrorDetail[] = [];

  /** Text of `min`..`max` characters after trimming. */
  text(field: string, value: string | null | undefined, min: number, max: number): this {
    const length = value?.trim().length ?? 0;
    if (length < min || length > max) this.problems.push({ field, message: `${min}–${max} characters` });
    return this;
  }

  /** An email address, when one is given. */
  optionalEmail(field: string, value: string | null | undefined): this {
    if (value != null && value !== '' && (value.length > 254 || !EMAIL.test(value))) this.problems.push({ field, message: 'not an email address' });
    return this;
  }

  /** A value matching `pattern`, when one is given. */
  optionalPattern(field: string, value: string | null | undefined, pattern: RegExp, message: string): this {
    if (value != null && !pattern.test(value)) this.problems.push({ field, message });
    return this;
  }

  /** Throw if anything failed. */
  done(): void {
    if (this.problems.length > 0) throw new AppError('VALIDATION_FAILED', undefined, this.problems);
  }
}
