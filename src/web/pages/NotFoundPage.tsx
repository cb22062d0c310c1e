import { Paragraph } from '@utrecht/component-library-react';
import { useMessages } from '../lib/i18n.tsx';
import { RouterLink } from '../lib/router.tsx';
import { core } from '../i18n/core.ts';
import { PageTitle } from '../components/page.tsx';

export function NotFoundPage() {
  const t = useMessages(core);
  return (
    <>
      <PageTitle>{t.notFound.title}</PageTitle>
      <Paragraph>{t.notFound.text}</Paragraph>
      <Paragraph>
        <RouterLink href="/">{t.notFound.home}</RouterLink>
      </Paragraph>
    </>
  );
}

export function ForbiddenPage() {
  const t = useMessages(core);
  return (
    <>
      <PageTitle>{t.forbidden.title}</PageTitle>
      <Paragraph>{t.forbidden.text}</Paragraph>
      <Paragraph>
        <RouterLink href="/">{t.notFound.home}</RouterLink>
      </Paragraph>
    </>
  );
}
