/**
 * Fetch wrapper for the JSON API at /api/v1. Errors from the server have the
 * shape `{ error: { code, message, details?: [{ path, message }] } }`; they are
 * thrown as ApiError. A 401 on any call other than login notifies the auth
 * layer so the app can return to the login page.
 */
export interface ErrorDetail {
  path: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: ErrorDetail[];

  constructor(status: number, code: string, message: string, details: ErrorDetail[] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

type UnauthorizedHandler = () => void;
let onUnauthorized: UnauthorizedHandler | null = null;

export function setUnauthorizedHandler(handler: UnauthorizedHandler | null): void {
  onUnauthorized = handler;
}

function normalisePath(path: unknown): string {
  if (Array.isArray(path)) return path.map(String).join('.');
  if (typeof path === 'string')
    return path
      .replace(/^\//, '')
      .replace(/\//g, '.')
      .replace(/^body\./, '');
  return '';
}

async function parseError(response: Response): Promise<ApiError> {
  let code = `http-${response.status}`;
  let message = response.statusText;
  let details: ErrorDetail[] = [];
  try {
    const body: unknown = await response.json();
    const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } }).error;
    if (error) {
      if (typeof error.code === 'string') code = error.code;
      if (typeof error.message === 'string') message = error.message;
      if (Array.isArray(error.details)) {
        details = error.details.map((d: { path?: unknown; message?: unknown }) => ({
          path: normalisePath(d.path),
          message: typeof d.message === 'string' ? d.message : '',
        }));
      }
    }
  } catch {
    // Not JSON: keep the status text.
  }
  return new ApiError(response.status, code, message, details);
}

/** The language the person chose in the app (LocaleProvider sets <html lang>): the server answers refusals in it. */
function uiLanguage(): string {
  return globalThis.document?.documentElement.lang || 'nl';
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
  /** Don't treat a 401 as "session ended" (login, me). */
  allowUnauthorized?: boolean;
  /** Extra request headers, e.g. Idempotency-Key. */
  headers?: Record<string, string>;
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { method = 'GET', body, signal, allowUnauthorized = false } = options;
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': uiLanguage(), ...options.headers };
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? null : JSON.stringify(body),
      signal: signal ?? null,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'network-error', 'Network error');
  }
  if (!response.ok) {
    const error = await parseError(response);
    if (response.status === 401 && !allowUnauthorized) onUnauthorized?.();
    throw error;
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Builds a query string from defined, non-empty values. */
export function query(params: Record<string, string | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, value);
  }
  const s = search.toString();
  return s ? `?${s}` : '';
}

/** Uploads one file as multipart/form-data (field `file`) with extra text fields. */
export async function apiUpload<T>(path: string, file: File, fields: Record<string, string> = {}, prefix = '/api/v1'): Promise<T> {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  form.append('file', file, file.name);
  let response: Response;
  try {
    response = await fetch(prefix + path, { method: 'POST', body: form, credentials: 'same-origin', headers: { accept: 'application/json', 'accept-language': uiLanguage() } });
  } catch {
    throw new ApiError(0, 'network-error', 'Network error');
  }
  if (!response.ok) {
    const error = await parseError(response);
    if (response.status === 401) onUnauthorized?.();
    throw error;
  }
  return (await response.json()) as T;
}
