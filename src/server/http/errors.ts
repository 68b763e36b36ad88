/** Typed errors, mapped to HTTP once (see registerErrorHandler). */
export interface FieldIssue {
  path: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: FieldIssue[],
  ) {
    super(message);
  }
}

/** The server has no room for this request now; it did nothing, and the client may try again in a moment. */
export class Busy extends AppError {
  constructor() {
    super(503, 'busy', 'Tandem is busy. Try again in a moment.');
  }
}

export class ValidationError extends AppError {
  constructor(details: FieldIssue[], message = 'Some fields are not valid') {
    super(400, 'validation_failed', message, details);
  }
}

export class Unauthenticated extends AppError {
  constructor(message = 'Sign in to continue', code = 'unauthenticated') {
    super(401, code, message);
  }
}

export class Forbidden extends AppError {
  constructor(message = 'You do not have permission to do this', code = 'forbidden') {
    super(403, code, message);
  }
}

export class NotFound extends AppError {
  constructor(what = 'Record') {
    super(404, 'not_found', `${what} not found`);
  }
}

export class Conflict extends AppError {
  constructor(message: string, code = 'conflict', details?: FieldIssue[]) {
    super(409, code, message, details);
  }
}

export class StaleVersion extends Conflict {
  constructor(what = 'record') {
    super(`Someone else changed this ${what} after you read it. Reload it and make your change again.`, 'stale_version');
  }
}

export class TooManyAttempts extends AppError {
  constructor(message = 'Too many attempts. Wait a few minutes and try again.') {
    super(429, 'too_many_attempts', message);
  }
}
