import { useEffect, useState } from 'react';
import { Button, Heading2, Link, Paragraph } from '@utrecht/component-library-react';
import QRCode from 'qrcode';
import { defineMessages, useMessages } from '../lib/i18n.tsx';

const messages = defineMessages(
  {
    title: (org: string) => `Het formulier van ${org}`,
    intro: 'Op dit adres kunnen mensen een compliment, klacht of melding doen. Zet het op uw website, in brieven en op posters.',
    address: 'Adres van het formulier',
    copy: 'Kopieer het adres',
    copied: 'Het adres is gekopieerd.',
    copyFailed: 'Kopiëren lukte niet. Selecteer het adres en kopieer het zelf.',
    qr: (url: string) => `QR-code met het adres ${url}`,
    download: 'Download de QR-code (SVG, voor posters en brieven)',
  },
  {
    title: (org: string) => `The form of ${org}`,
    intro: 'At this address people can give a compliment, file a complaint or report something. Put it on your website, in letters and on posters.',
    address: 'Address of the form',
    copy: 'Copy the address',
    copied: 'The address was copied.',
    copyFailed: 'Copying did not work. Select the address and copy it yourself.',
    qr: (url: string) => `QR code with the address ${url}`,
    download: 'Download the QR code (SVG, for posters and letters)',
  },
);

/** The public form's full address for an organisation slug, on this installation. */
export function publicFormUrl(slug: string): string {
  return `${window.location.origin}/o/${encodeURIComponent(slug)}`;
}

/** The public form's address (`/o/{slug}`) with a copy button and a QR code for posters and letters. */
export function PublicAddress({ slug, organisation, headingId }: { slug: string; organisation: string; headingId: string }) {
  const t = useMessages(messages);
  const url = publicFormUrl(slug);
  const [svg, setSvg] = useState<string | null>(null);
  const [copied, setCopied] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    QRCode.toString(url, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' }).then(
      (out) => live && setSvg(out),
      () => live && setSvg(null),
    );
    return () => {
      live = false;
    };
  }, [url]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(url);
      setCopied(t.copied);
    } catch {
      setCopied(t.copyFailed);
    }
  }

  const dataUri = svg ? `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}` : null;
  return (
    <section aria-labelledby={headingId} className="kw-section kw-public-address" data-testid="public-address">
      <Heading2 id={headingId}>{t.title(organisation)}</Heading2>
      <Paragraph>{t.intro}</Paragraph>
      <div className="kw-public-address__body">
        <div>
          <Paragraph>
            <strong>{t.address}:</strong>{' '}
            <Link href={url} className="kw-token" data-testid="public-url">
              {url}
            </Link>
          </Paragraph>
          <div className="kw-actions">
            <Button appearance="secondary-action-button" onClick={() => void copy()}>
              {t.copy}
            </Button>
            {dataUri ? (
              <Link href={dataUri} download={`formulier-${slug}.svg`}>
                {t.download}
              </Link>
            ) : null}
          </div>
          <div aria-live="polite">{copied ? <Paragraph>{copied}</Paragraph> : null}</div>
        </div>
        {dataUri ? <img className="kw-qr" src={dataUri} alt={t.qr(url)} width={160} height={160} data-testid="qr-code" /> : null}
      </div>
    </section>
  );
}
