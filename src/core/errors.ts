// One error vocabulary (STYLE.md §10): services and guards throw these; the
// global handler in app.ts shapes every failure as {error: {code, message, details?}}.

export interface FieldError {
  path: string;
  message: string;
}

export class AppError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  readonly headers: Record<string, string>;
  constructor(status: number, code: string, message: string, details?: unknown, headers: Record<string, string> = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
    this.headers = headers;
  }
}

export const badRequest = (message: string, details?: FieldError[]) => new AppError(400, 'invalid-input', message, details);
export const fieldError = (path: string, message: string) => new AppError(400, 'invalid-input', `${path}: ${message}`, [{ path, message }]);
export const unauthorized = (message = 'You are not logged in.') => new AppError(401, 'unauthorized', message);
export const forbidden = (message = 'You are not allowed to do this.') => new AppError(403, 'forbidden', message);
export const notFound = (what: string) => new AppError(404, 'not-found', `${what} was not found.`);
export const conflict = (code: string, message: string, details?: unknown) => new AppError(409, code, message, details);
export const tooMany = (message: string, retryAfterSeconds: number) => new AppError(429, 'rate-limited', message, undefined, { 'retry-after': String(retryAfterSeconds) });
