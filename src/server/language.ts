import type { FastifyRequest } from 'fastify';

export type Language = 'nl' | 'en';

/**
 * The language the caller reads: Dutch when its most preferred
 * Accept-Language is Dutch (the web app sends its chosen language), else
 * English, the API's default for integrators.
 */
export function languageOf(req: Pick<FastifyRequest, 'headers'>): Language {
  const header = req.headers['accept-language'];
  if (typeof header !== 'string' || header.trim() === '') return 'en';
  const ranked = header
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { tag: tag.toLowerCase(), q: q === undefined ? 1 : Number(q), i };
    })
    .filter((x) => x.tag && x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  return ranked[0]?.tag.startsWith('nl') ? 'nl' : 'en';
}
