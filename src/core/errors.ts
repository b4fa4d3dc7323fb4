/**
 * The error catalogue: every error the system shows has a stable code, an HTTP
 * status, and a message that is safe to show. Anything else is a generic 500.
 */
export const ERROR_CATALOGUE = {
  VALIDATION_FAILED: { status: 400, message: 'The request is not valid.' },
  MALFORMED_JSON: { status: 400, message: 'The request body is not valid JSON.' },
  UNKNOWN_FIELD: { status: 400, message: 'The request has a field this endpoint does not accept.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'This content type is not accepted here.' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'The request body is too large.' },
  UNAUTHENTICATED: { status: 401, message: 'Authentication is required.' },
  INVALID_CREDENTIALS: { status: 401, message: 'The email or password is wrong.' },
  INVALID_TOKEN: { status: 401, message: 'The API token is missing, invalid, expired or revoked.' },
  TWO_FACTOR_REQUIRED: { status: 403, message: 'Two-factor authentication is required for this account.' },
  TWO_FACTOR_INVALID: { status: 400, message: 'The verification code is wrong or expired.' },
  CSRF_INVALID: { status: 403, message: 'The form has expired or did not come from this site. Reload and try again.' },
  FORBIDDEN: { status: 403, message: 'You are not allowed to do this.' },
  SCOPE_MISSING: { status: 403, message: 'The API token lacks the scope this action needs.' },
  NOT_FOUND: { status: 404, message: 'Not found.' },
  CONFLICT: { status: 409, message: 'This conflicts with existing data.' },
  ORG_SLUG_TAKEN: { status: 409, message: 'An organisation with this short name already exists.' },
  USER_EMAIL_TAKEN: { status: 409, message: 'A user with this email already exists.' },
  MEMBERSHIP_EXISTS: { status: 409, message: 'This user is already a member of the organisation.' },
  ROLE_NOT_ALLOWED: { status: 400, message: 'This role does not exist for this kind of organisation.' },
  RULE_NOT_FOUND: { status: 404, message: 'No version of this rule is valid at that time.' },
  RULE_VERSION_INVALID: { status: 400, message: 'The rule version is not valid.' },
  DEADLINE_UNCOMPUTABLE: { status: 422, message: 'The deadline cannot be computed (for example, no holiday calendar for that year yet).' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, message: 'This Idempotency-Key was already used for a different request.' },
  TARGET_INVALID: { status: 400, message: 'A target could not be understood.' },
  EVIDENCE_TYPE_NOT_ALLOWED: { status: 415, message: 'Evidence must be an image (PNG, JPEG, GIF, WebP) or a PDF.' },
  EVIDENCE_TOO_LARGE: { status: 413, message: 'An evidence file is larger than 10 MB.' },
  EVIDENCE_INVALID: { status: 400, message: 'An evidence file is empty, damaged or one too many (at most 5).' },
  FORM_CHECK_FAILED: { status: 400, message: 'The form was sent too quickly or is too old. Check it and send it again.' },
  CASE_STATE_CONFLICT: { status: 409, message: 'The case is not in a state that allows this.' },
  NOT_LISTED: { status: 422, message: 'This value is not listed: there is nothing to appeal.' },
  APPEAL_ALREADY_DECIDED: { status: 409, message: 'This appeal was already decided.' },
  SERIAL_AHEAD: { status: 422, message: 'This change serial is ahead of the current one.' },
  APPROVAL_BY_ANOTHER: { status: 403, message: 'A different supervisor must approve this decision.' },
  TAKEDOWN_INVALID: { status: 400, message: 'The takedown request is not valid.' },
  TAKEDOWN_STATE_CONFLICT: { status: 409, message: 'The request is not in a state that allows this.' },
  TAKEDOWN_APPEAL_REFERENCE_UNKNOWN: { status: 422, message: 'No statement of reasons or takedown request has this reference.' },
  TAKEDOWN_APPEAL_NOT_APPEALABLE: { status: 422, message: 'Only an action that was taken (actioned or partially actioned) can be appealed.' },
  TAKEDOWN_APPEAL_OPEN: { status: 409, message: 'An appeal against this action is already open.' },
  TAKEDOWN_APPEAL_DECIDED: { status: 409, message: 'The appeal against this action was already decided.' },
  ACCOUNT_LOCKED: { status: 423, message: 'Too many failed attempts; the account is locked for a while.' },
  RATE_LIMITED: { status: 429, message: 'Too many requests. Try again later.' },
  DATABASE_BUSY: { status: 503, message: 'The database is held by another process.' },
  NOT_READY: { status: 503, message: 'The service is not ready.' },
  INTERNAL: { status: 500, message: 'Something went wrong on our side.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** One item of `details`: which field, and what is wrong with it. */
export type ErrorDetail = { field?: string; message: string; code?: string };

/** A known, safe-to-show application error. */
export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message ?? ERROR_CATALOGUE[code].message);
    this.name = 'AppError';
    this.status = ERROR_CATALOGUE[code].status;
  }
}

/** Shorthand for the fail-closed "not found" used by authorisation and lookups alike. */
export function notFound(message?: string): AppError {
  return new AppError('NOT_FOUND', message);
}

/** The value, or null when the lookup failed with "not found" (any other error still rejects). */
export async function nullIfNotFound<T>(lookup: Promise<T>): Promise<T | null> {
  try {
    return await lookup;
  } catch (error) {
    if (error instanceof AppError && error.code === 'NOT_FOUND') return null;
    throw error;
  }
}

/** The JSON envelope of BRIEF §6. */
export type ErrorEnvelope = {
  error: { code: string; message: string; details: ErrorDetail[]; requestId?: string };
};

/** Build the error envelope for an AppError or, for anything else, a generic 500. */
export function toEnvelope(error: unknown, requestId: string): { status: number; body: ErrorEnvelope } {
  if (error instanceof AppError) {
    return {
      status: error.status,
      body: { error: { code: error.code, message: error.message, details: error.details, requestId } },
    };
  }
  return {
    status: 500,
    body: { error: { code: 'INTERNAL', message: ERROR_CATALOGUE.INTERNAL.message, details: [], requestId } },
  };
}
