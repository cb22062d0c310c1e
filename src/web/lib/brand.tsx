import { createContext, useContext, useEffect, useState } from 'react';
import type { CSSProperties, ReactNode } from 'react';

/** An organisation's look on its public pages. */
export interface Brand {
  name: string;
  logo: string | null;
  color: string | null;
  email?: string | null;
  phone?: string | null;
}

const BrandContext = createContext<{ brand: Brand | null; setBrand: (brand: Brand | null) => void }>({ brand: null, setBrand: () => undefined });

export function BrandProvider({ children }: { children: ReactNode }) {
  const [brand, setBrand] = useState<Brand | null>(null);
  return <BrandContext value={{ brand, setBrand }}>{children}</BrandContext>;
}

export function useBrand(): Brand | null {
  return useContext(BrandContext).brand;
}

/** A public page names the organisation it belongs to; its layout then carries that organisation's look. */
export function useOrganisationBrand(brand: Brand | null): void {
  const { setBrand } = useContext(BrandContext);
  const key = brand ? `${brand.name}|${brand.color ?? ''}|${brand.logo?.length ?? 0}` : '';
  // biome-ignore lint/correctness/useExhaustiveDependencies: applies the brand when its content (key) changes, not for every new object
  useEffect(() => {
    setBrand(brand);
  }, [key]);
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two #rrggbb colours. */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** Black or white, whichever reads best on the colour. */
export function textOn(color: string): '#000000' | '#ffffff' {
  return contrast(color, '#ffffff') >= contrast(color, '#000000') ? '#ffffff' : '#000000';
}

/**
 * The organisation's colour as NL Design System theme tokens: footer, primary
 * buttons and the bar under the header, each with a text colour that keeps the
 * contrast (WCAG AA). Links only take the colour when it reads on white.
 */
export function brandTokens(color: string | null): CSSProperties {
  if (!color || !/^#[0-9a-fA-F]{6}$/.test(color)) return {};
  const text = textOn(color);
  return {
    '--kw-brand-color': color,
    '--utrecht-page-footer-background-color': color,
    '--utrecht-page-footer-background-image': 'none',
    '--utrecht-page-footer-color': text,
    '--utrecht-button-primary-action-background-color': color,
    '--utrecht-button-primary-action-hover-background-color': color,
    '--utrecht-button-primary-action-active-background-color': color,
    '--utrecht-button-primary-action-color': text,
    '--utrecht-button-primary-action-hover-color': text,
    ...(contrast(color, '#ffffff') >= 4.5 ? { '--utrecht-link-color': color } : {}),
  } as CSSProperties;
}
