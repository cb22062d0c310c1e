import { Heading2, Heading3, Paragraph } from '@utrecht/component-library-react';
import { useUser } from '../../lib/auth.tsx';
import { RouterLink } from '../../lib/router.tsx';
import { useLocale, useMessages } from '../../lib/i18n.tsx';
import type { FullRegulation, RegulationLevel, Term } from '../../lib/cases.ts';
import { core } from '../../i18n/core.ts';
import { domain, duration, label } from '../../i18n/domain.ts';
import { LoadError, Loading, PageTitle, useLoader } from '../../components/page.tsx';
import { fetchMyOrganisations } from './data.ts';
import { dateOnly, sourceText } from './light.tsx';
import { cm } from './messages.ts';

function Source({ source }: { source: string }) {
  return <span className="kw-source"> {sourceText(source)}</span>;
}

function TermText({ term }: { term: Term }) {
  const t = useMessages(cm);
  const d = useMessages(domain);
  const parts: string[] = [];
  if (term.asSoonAsPossible) parts.push(t.regulation.asap);
  if (term.length) parts.push(`${term.asSoonAsPossible ? '≤ ' : ''}${duration(d, term.length, term.unit)}`);
  parts.push(label(t.regulation.from, term.from ?? 'received'));
  if (term.atw) parts.push(`(${t.regulation.atw})`);
  return (
    <>
      {parts.join(' ')}
      <Source source={term.source} />
    </>
  );
}

function LevelView({ level, regulation }: { level: RegulationLevel; regulation: FullRegulation }) {
  const t = useMessages(cm);
  const c = useMessages(core);
  const d = useMessages(domain);
  const name = (id: string) => regulation.levels.find((l) => l.id === id)?.name ?? id;
  const terms = Object.entries(level.terms ?? {}) as [string, Term][];
  return (
    <section className="kw-card kw-level" aria-labelledby={`level-${level.id}`}>
      <Heading3 id={`level-${level.id}`}>
        {level.name}
        <Source source={level.source} />
      </Heading3>
      <dl className="kw-dl">
        <dt>{t.regulation.handler}</dt>
        <dd>{label(c.roles as Record<string, string>, level.handlerRole)}</dd>
        <dt>{t.regulation.kindsAt}</dt>
        <dd>{level.kinds.map((k) => label(d.kinds, k)).join(', ')}</dd>
        <dt>{t.regulation.entry}</dt>
        <dd>{level.entry === false ? t.regulation.entryNo : t.regulation.entryYes}</dd>
        <dt>{t.regulation.escalatesTo}</dt>
        <dd>{level.escalatesTo?.length ? level.escalatesTo.map(name).join(', ') : t.regulation.top}</dd>
        {terms.length ? (
          <>
            <dt>{t.regulation.terms}</dt>
            <dd>
              <ul className="kw-plain-list">
                {terms.map(([key, term]) => (
                  <li key={key}>
                    {label(t.regulation.term, key)}: <TermText term={term} />
                  </li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
        {level.hearing ? (
          <>
            <dt>{t.regulation.hearing}</dt>
            <dd>
              {label(t.regulation.hearingMode, level.hearing.mode)}
              {level.hearing.reportRequired ? `, ${t.regulation.reportRequired}` : ''}
              {level.hearing.skipGrounds?.length ? `; ${t.regulation.skipGrounds}: ${level.hearing.skipGrounds.map((g) => label(d.skipGrounds, g).toLowerCase()).join(', ')}` : ''}
              <Source source={level.hearing.source} />
            </dd>
          </>
        ) : null}
        {level.extension ? (
          <>
            <dt>{t.regulation.extension}</dt>
            <dd>
              {level.extension.allowed ? t.regulation.extensionYes(level.extension.maxWeeks ?? 0) : t.regulation.extensionNo}
              {level.extension.furtherWithWrittenConsent ? `; ${t.regulation.furtherConsent}` : ''}
              <Source source={level.extension.source} />
            </dd>
          </>
        ) : null}
        {level.fourEyes?.required ? (
          <>
            <dt>{t.regulation.fourEyes}</dt>
            <dd>
              {t.regulation.fourEyesYes}
              <Source source={level.fourEyes.source} />
            </dd>
          </>
        ) : null}
        {level.mediation?.available ? (
          <>
            <dt>{t.regulation.mediation}</dt>
            <dd>
              {t.regulation.available}
              <Source source={level.mediation.source} />
            </dd>
          </>
        ) : null}
        {level.unreachable ? (
          <>
            <dt>{t.regulation.unreachable}</dt>
            <dd>
              {t.regulation.unreachableText(duration(d, level.unreachable.after.length, level.unreachable.after.unit))}
              <Source source={level.unreachable.source} />
            </dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}

function RegulationView({ regulation, organisation, editHref }: { regulation: FullRegulation; organisation: string; editHref: string | null }) {
  const t = useMessages(cm);
  const d = useMessages(domain);
  const { locale } = useLocale();
  const contact = (id: string | undefined) => regulation.contacts.find((x) => x.id === id)?.name ?? id ?? '';
  const rules = regulation.admissibility;
  return (
    <article className="kw-section" aria-labelledby={`reg-${regulation.id}`}>
      <Heading2 id={`reg-${regulation.id}`}>
        {regulation.name} <span className="kw-muted">({t.regulation.version(regulation.version)})</span>
      </Heading2>
      <Paragraph>
        {t.regulation.inForce(organisation)}
        {regulation.adoptedOn ? ` · ${t.regulation.adopted} ${dateOnly(locale, regulation.adoptedOn)}` : ''}
      </Paragraph>
      {editHref ? (
        <Paragraph>
          <RouterLink href={editHref}>{t.regulation.edit(organisation)}</RouterLink>
        </Paragraph>
      ) : null}
      {/* Each language's own text; the other language only when this one is not given, marked as such. */}
      {locale === 'nl' && regulation.descriptionNl ? (
        <Paragraph data-testid="regulation-description">{regulation.descriptionNl}</Paragraph>
      ) : regulation.description ? (
        <Paragraph data-testid="regulation-description" lang={locale === 'nl' ? 'en' : undefined}>
          {regulation.description}
        </Paragraph>
      ) : null}
      <Heading3>{t.regulation.kinds}</Heading3>
      <ul className="kw-plain-list">
        {regulation.kinds.map((k) => (
          <li key={k.kind}>
            {label(d.kinds, k.kind)}
            {k.referTo ? ` – ${t.regulation.objectionTo} ${contact(k.referTo)}` : ''}
            {k.term ? (
              <>
                {' '}
                (<TermText term={k.term} />)
              </>
            ) : (
              <Source source={k.source} />
            )}
          </li>
        ))}
        {regulation.anonymous ? (
          <li>
            {t.regulation.anonymous} {label(t.regulation.becomes, regulation.anonymous.becomes)}
            <Source source={regulation.anonymous.source} />
          </li>
        ) : null}
        {regulation.complainantRoles ? (
          <li>
            {t.regulation.roles}: {regulation.complainantRoles.allowed.map((r) => label(d.complainantRoles, r)).join('; ')}
            <Source source={regulation.complainantRoles.source} />
          </li>
        ) : null}
      </ul>
      <Heading3>{t.regulation.levels}</Heading3>
      <div className="kw-levels">
        {regulation.levels.map((l) => (
          <LevelView key={l.id} level={l} regulation={regulation} />
        ))}
      </div>
      <Heading3>{t.regulation.admissibility}</Heading3>
      {rules.timeLimits?.length ? (
        <>
          <Paragraph>{t.regulation.timeLimits}</Paragraph>
          <ul className="kw-plain-list">
            {rules.timeLimits.map((l) => (
              <li key={l.id}>
                {duration(d, l.length, l.unit)} ({l.from})
                <Source source={l.source} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <Paragraph>{t.regulation.grounds}</Paragraph>
      <ul className="kw-plain-list">
        {(rules.grounds ?? []).map((g) => (
          <li key={g.code}>
            {label(d.grounds, g.code)} ({label(t.regulation.basis, g.basis)}
            {g.stopsHandling ? `; ${t.regulation.stops}` : ''})
            <Source source={g.source} />
          </li>
        ))}
      </ul>
      <Heading3>{t.regulation.categories}</Heading3>
      <ul className="kw-plain-list">
        {regulation.categories.map((c) => (
          <li key={c.id}>
            {c.name}
            <Source source={c.source} />
          </li>
        ))}
      </ul>
      <Heading3>{t.regulation.contacts}</Heading3>
      <ul className="kw-plain-list">
        {regulation.contacts.map((c) => (
          <li key={c.id}>
            {c.name}
            {c.postalAddress ? `, ${c.postalAddress.join(', ')}` : ''}
            {c.url ? `, ${c.url}` : ''}
            <Source source={c.source} />
          </li>
        ))}
      </ul>
    </article>
  );
}

/** The regulation in force at each of the user's organisations, readable, every rule with its source. */
export function RegulationPage() {
  const t = useMessages(cm);
  const user = useUser();
  const data = useLoader((signal) => fetchMyOrganisations(user, signal), [user.id]);
  return (
    <>
      <PageTitle>{t.regulation.title}</PageTitle>
      {data.loading ? <Loading /> : null}
      {data.error ? <LoadError error={data.error} retry={data.reload} /> : null}
      {(data.data ?? []).map((o) => (
        <RegulationView
          key={o.organisation.id}
          regulation={o.regulation}
          organisation={o.organisation.name}
          editHref={
            user.platformAdmin || user.memberships.some((m) => m.organisationId === o.organisation.id && m.role === 'admin')
              ? `/regulation/edit?organisation=${encodeURIComponent(o.organisation.id)}`
              : null
          }
        />
      ))}
    </>
  );
}
