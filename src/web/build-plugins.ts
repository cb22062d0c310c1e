import type { Plugin } from 'vite';

/**
 * Build-time helpers for the NL Design System packages. Both exist to keep
 * what a visitor downloads small; neither changes how a used component looks
 * or behaves.
 */

/**
 * The NL Design System React bundle is one module that assigns `displayName`
 * to every component at the top level. Those writes count as side effects, so
 * nothing could be tree-shaken and the whole library landed in the initial
 * chunk. The names only serve React DevTools; dropping them in production lets
 * unused components fall away.
 */
export function dropUtrechtDisplayNames(): Plugin {
  return {
    name: 'klachtwijzer:drop-utrecht-display-names',
    apply: 'build',
    transform: {
      filter: { id: /node_modules[\\/]@utrecht[\\/].*\.mjs$/ },
      handler(code) {
        return { code: code.replace(/^[A-Za-z_$][\w$]*\.displayName = ['"][^'"\n]*['"];$/gm, ''), map: null };
      },
    },
  };
}

/** Classes on index.html, always kept. */
const ALWAYS_USED = ['utrecht-root', 'utrecht-body', 'utrecht-theme', 'utrecht-document'];

/** `utrecht-button--primary-action` → `utrecht-button`; `utrecht-form-field__label` → `utrecht-form-field`. */
function blockOf(className: string): string {
  return className.replace(/(--|__).*$/, '');
}

interface Block {
  prelude: string;
  body: string | null; // null: a statement such as @charset "utf-8";
}

/** Splits CSS into top-level rules and at-rules; respects strings and comments. */
function splitBlocks(css: string): Block[] {
  const blocks: Block[] = [];
  let i = 0;
  let start = 0;
  let depth = 0;
  let preludeEnd = -1;
  while (i < css.length) {
    const c = css[i];
    if (c === '"' || c === "'") {
      const end = css.indexOf(c, i + 1);
      i = end === -1 ? css.length : end + 1;
      continue;
    }
    if (c === '/' && css[i + 1] === '*') {
      const end = css.indexOf('*/', i + 2);
      i = end === -1 ? css.length : end + 2;
      continue;
    }
    if (c === '{') {
      if (depth === 0) preludeEnd = i;
      depth++;
    } else if (c === '}') {
      depth--;
      if (depth === 0) {
        blocks.push({ prelude: css.slice(start, preludeEnd).trim(), body: css.slice(preludeEnd + 1, i) });
        start = i + 1;
      }
    } else if (c === ';' && depth === 0) {
      blocks.push({ prelude: css.slice(start, i).trim(), body: null });
      start = i + 1;
    }
    i++;
  }
  return blocks;
}

/** Splits a selector list on top-level commas. */
function splitSelectors(prelude: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < prelude.length; i++) {
    const c = prelude[i];
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(prelude.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(prelude.slice(start));
  return parts.map((p) => p.trim()).filter(Boolean);
}

function selectorIsUsed(selector: string, used: Set<string>): boolean {
  // A class inside :not() does not have to be present for the rule to apply.
  const positive = selector.replace(/:not\((?:[^()]|\([^()]*\))*\)/g, '');
  const classes = positive.match(/\.utrecht-[a-z0-9_-]+/g) ?? [];
  return classes.every((cls) => used.has(blockOf(cls.slice(1))));
}

/**
 * Rewrites every style rule (also inside @media/@supports) through `rule`,
 * which returns the new prelude and body, or null to drop the rule.
 */
function mapRules(css: string, rule: (prelude: string, body: string) => [string, string] | null): string {
  let out = '';
  for (const block of splitBlocks(css)) {
    if (block.body === null) {
      out += `${block.prelude};`;
    } else if (block.prelude.startsWith('@')) {
      if (/^@(media|supports|layer|container)\b/.test(block.prelude)) {
        const inner = mapRules(block.body, rule);
        if (inner.trim()) out += `${block.prelude}{${inner}}`;
      } else {
        out += `${block.prelude}{${block.body}}`; // @keyframes, @font-face, @property, …
      }
    } else {
      const result = rule(block.prelude, block.body);
      if (result?.[1].trim()) out += `${result[0]}{${result[1]}}`;
    }
  }
  return out;
}

/** Splits a declaration block on top-level semicolons. */
function splitDeclarations(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '"' || c === "'") {
      const end = body.indexOf(c, i + 1);
      i = end === -1 ? body.length : end;
    } else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ';' && depth === 0) {
      parts.push(body.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(body.slice(start));
  return parts.map((p) => p.trim()).filter(Boolean);
}

const CUSTOM_PROPERTY = /^(--[A-Za-z0-9_-]+)\s*:/;
const VAR_REFERENCE = /var\(\s*(--[A-Za-z0-9_-]+)/g;

export function purgeCss(css: string, usedBlocks: Set<string>): string {
  // Every component block the CSS knows about, from its class selectors.
  const knownBlocks = new Set<string>();
  for (const match of css.matchAll(/\.(utrecht-[a-z0-9_-]+)/g)) knownBlocks.add(blockOf(match[1] as string));
  const unusedBlocks = [...knownBlocks].filter((b) => !usedBlocks.has(b)).sort((x, y) => y.length - x.length);
  const usedSorted = [...knownBlocks].filter((b) => usedBlocks.has(b)).sort((x, y) => y.length - x.length);

  /** A design token belongs to the longest component block its name starts with. */
  function belongsToUnusedComponent(property: string): boolean {
    const name = property.slice(2);
    const owner = [...unusedBlocks, ...usedSorted].filter((b) => name === b || name.startsWith(`${b}-`)).sort((x, y) => y.length - x.length)[0];
    return owner !== undefined && !usedBlocks.has(owner);
  }

  // 1. Drop rules whose selectors need a component that is never rendered.
  const rules = mapRules(css, (prelude, body) => {
    const kept = splitSelectors(prelude).filter((s) => selectorIsUsed(s, usedBlocks));
    return kept.length ? [kept.join(','), body] : null;
  });

  // 2. Drop design tokens of unused components, unless something kept refers to them.
  const candidates = new Map<string, string[]>();
  const needed = new Set<string>();
  mapRules(rules, (prelude, body) => {
    for (const declaration of splitDeclarations(body)) {
      const refs = [...declaration.matchAll(VAR_REFERENCE)].map((m) => m[1] as string);
      const property = CUSTOM_PROPERTY.exec(declaration)?.[1];
      if (property && belongsToUnusedComponent(property)) {
        candidates.set(property, [...(candidates.get(property) ?? []), ...refs]);
      } else {
        for (const ref of refs) needed.add(ref);
      }
    }
    return [prelude, body];
  });
  const queue = [...needed];
  while (queue.length) {
    const name = queue.pop() as string;
    for (const ref of candidates.get(name) ?? []) {
      if (!needed.has(ref)) {
        needed.add(ref);
        queue.push(ref);
      }
    }
  }
  return mapRules(rules, (prelude, body) => {
    const kept = splitDeclarations(body).filter((declaration) => {
      const property = CUSTOM_PROPERTY.exec(declaration)?.[1];
      return !property || !candidates.has(property) || needed.has(property);
    });
    return [prelude, kept.join(';')];
  });
}

/**
 * The component CSS bundle styles every NL Design System component (≈400 kB)
 * and the theme defines tokens for all of them (≈190 kB). After bundling, the
 * class names the JavaScript can produce are known, so rules and tokens for
 * components the app never renders are dropped. A component's CSS stays as
 * soon as any chunk mentions one of its class names; a token stays as soon as
 * anything kept refers to it.
 */
export function purgeUnusedUtrechtCss(): Plugin {
  return {
    name: 'klachtwijzer:purge-unused-utrecht-css',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const used = new Set(ALWAYS_USED);
      for (const file of Object.values(bundle)) {
        if (file.type !== 'chunk') continue;
        for (const match of file.code.matchAll(/utrecht-[a-z0-9_-]+/g)) used.add(blockOf(match[0]));
      }
      for (const file of Object.values(bundle)) {
        if (file.type === 'asset' && file.fileName.endsWith('.css') && typeof file.source === 'string') {
          file.source = purgeCss(file.source, used);
        }
      }
    },
  };
}

/**
 * `date-holidays` bundles the holidays of every country (≈400 kB). The domain's
 * calendar, which the regulation editor runs in the browser for its deadline
 * preview, asks only for the Netherlands: the web build keeps NL alone.
 */
export function dutchHolidaysOnly(): Plugin {
  return {
    name: 'klachtwijzer:dutch-holidays-only',
    apply: 'build',
    transform: {
      filter: { id: /node_modules[\\/]date-holidays[\\/]src[\\/]data\.js$/ },
      handler(code) {
        const json = code.replace(/^\s*export const data = /, '').replace(/;?\s*$/, '');
        const data = JSON.parse(json) as { holidays: Record<string, unknown> };
        data.holidays = { NL: data.holidays.NL };
        return { code: `export const data = ${JSON.stringify(data)};\n`, map: null };
      },
    },
  };
}
