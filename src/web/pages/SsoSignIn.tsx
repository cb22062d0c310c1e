import { useEffect, useState } from 'react';
import { ButtonLink, Heading2, Paragraph } from '@utrecht/component-library-react';
import { api } from '../lib/api.ts';
import { defineMessages, useMessages } from '../lib/i18n.tsx';
import { safeNext } from '../lib/router.tsx';
import { StatusMessage } from '../components/page.tsx';

const m = defineMessages(
  {
    title: 'Inloggen via uw organisatie',
    intro: 'Werkt uw organisatie met een eigen inlog? Kies dan uw organisatie.',
    button: (name: string) => `Inloggen met ${name}`,
    failed: {
      'provider-unknown': 'Deze manier van inloggen bestaat niet meer. Kies een andere.',
      'provider-unreachable': 'De inlog van uw organisatie is nu niet bereikbaar. Probeer het later opnieuw of neem contact op met uw beheerder.',
      'sign-in-expired': 'Het inloggen duurde te lang of is al gebruikt. Probeer het opnieuw.',
      'sign-in-refused': 'Het inloggen is afgebroken. Probeer het opnieuw.',
      'token-invalid': 'Wij konden uw inlog niet controleren. Probeer het opnieuw of neem contact op met uw beheerder.',
      'no-email': 'Uw organisatie gaf geen e-mailadres door. Neem contact op met uw beheerder.',
      'email-not-verified': 'Uw organisatie heeft uw e-mailadres niet bevestigd. Neem contact op met uw beheerder.',
      'account-inactive': 'Uw account is uitgezet. Neem contact op met uw beheerder.',
    } as Record<string, string>,
    failedOther: 'Inloggen via uw organisatie is niet gelukt. Probeer het opnieuw.',
  },
  {
    title: 'Sign in through your organisation',
    intro: 'Does your organisation have its own sign-in? Then choose your organisation.',
    button: (name: string) => `Sign in with ${name}`,
    failed: {
      'provider-unknown': 'This way of signing in no longer exists. Choose another.',
      'provider-unreachable': "Your organisation's sign-in cannot be reached now. Try again later or contact your administrator.",
      'sign-in-expired': 'Signing in took too long or was already used. Please try again.',
      'sign-in-refused': 'Signing in was cancelled. Please try again.',
      'token-invalid': 'We could not check your sign-in. Try again or contact your administrator.',
      'no-email': 'Your organisation did not pass on an email address. Contact your administrator.',
      'email-not-verified': 'Your organisation has not verified your email address. Contact your administrator.',
      'account-inactive': 'Your account has been switched off. Contact your administrator.',
    } as Record<string, string>,
    failedOther: 'Signing in through your organisation did not work. Please try again.',
  },
);

interface Provider {
  id: string;
  name: string;
  startUrl: string;
}

/** Buttons for the identity providers, and why the last sign-in through one failed (`?sso=`). */
export function SsoSignIn({ search }: { search: string }) {
  const t = useMessages(m);
  const [providers, setProviders] = useState<Provider[]>([]);
  const params = new URLSearchParams(search);
  const failure = params.get('sso');
  const next = safeNext(params.get('next'));
  useEffect(() => {
    const ctrl = new AbortController();
    api<{ items: Provider[] }>('/auth/oidc/providers', { signal: ctrl.signal, allowUnauthorized: true })
      .then((r) => setProviders(r.items))
      .catch(() => setProviders([]));
    return () => ctrl.abort();
  }, []);
  return (
    <>
      {failure ? <StatusMessage>{t.failed[failure] ?? t.failedOther}</StatusMessage> : null}
      {providers.length > 0 ? (
        <section aria-labelledby="sso-title" className="kw-section">
          <Heading2 id="sso-title">{t.title}</Heading2>
          <Paragraph>{t.intro}</Paragraph>
          <ul className="kw-plain-list">
            {providers.map((p) => (
              <li key={p.id}>
                {/* A full page load: the provider's login page is another site. */}
                <ButtonLink appearance="secondary-action-button" href={`${p.startUrl}?returnTo=${encodeURIComponent(next)}`}>
                  {t.button(p.name)}
                </ButtonLink>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
