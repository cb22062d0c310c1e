/** Minimal API client for test set-up (as a non-browser client: no Origin header). */
export class ApiClient {
  private cookie = '';
  private readonly baseUrl: string;
  constructor(baseUrl: string) {
    this.baseUrl = baseUrl;
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.cookie) headers.cookie = this.cookie;
    const response = await fetch(`${this.baseUrl}/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? null : JSON.stringify(body),
    });
    const setCookie = response.headers.getSetCookie();
    if (setCookie.length) this.cookie = setCookie.map((c) => c.split(';')[0]).join('; ');
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  async login(email: string, password: string): Promise<void> {
    await this.request('POST', '/auth/login', { email, password });
  }
}

interface Org {
  id: string;
  name: string;
}

/**
 * Makes sure an organisation with `organisationName` and a user with `email`
 * (given role there) exist; creates what is missing. Lets tests run on their own.
 */
export async function ensureUser(admin: ApiClient, user: { name: string; email: string; password: string; role: string }, organisationName: string): Promise<void> {
  const orgs = await admin.request<{ items: Org[] }>('GET', '/organisations');
  let org = orgs.items.find((o) => o.name === organisationName);
  if (!org) {
    org = await admin.request<Org>('POST', '/organisations', { name: organisationName, regulationId: 'stadsring51' });
  }
  const users = await admin.request<{ items: { email: string }[] }>('GET', '/users');
  if (users.items.some((u) => u.email === user.email)) return;
  await admin.request('POST', '/users', {
    name: user.name,
    email: user.email,
    password: user.password,
    memberships: [{ organisationId: org.id, role: user.role }],
  });
}
