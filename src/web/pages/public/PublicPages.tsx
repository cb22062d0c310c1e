import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { Alert, Button, Heading2, Link, Paragraph, UnorderedList, UnorderedListItem } from '@utrecht/component-library-react';
import { api, apiUpload, ApiError } from '../../lib/api.ts';
import { formatDateTime, useLocale, useMessages } from '../../lib/i18n.tsx';
import { matchPath, RouterLink } from '../../lib/router.tsx';
import { COMPLAINANT_ROLES, todayIso, tokenFromStatusUrl } from '../../lib/cases.ts';
import type { Contact, PublicOrganisation, PublicStatus } from '../../lib/cases.ts';
import { core } from '../../i18n/core.ts';
import { domain, duration, label } from '../../i18n/domain.ts';
import { CheckboxField, ErrorSummary, isEmail, messageForError, SelectField, TextField, useFormErrors } from '../../components/form.tsx';
import { FileField, RadioGroupField, TextAreaField } from '../../components/fields.tsx';
import { LoadError, Loading, PageTitle, StatusMessage, useLoader } from '../../components/page.tsx';
import { NotFoundPage } from '../NotFoundPage.tsx';
import { useOrganisationBrand } from '../../lib/brand.tsx';
import type { Brand } from '../../lib/brand.tsx';

function brandOf(org: { name: string; email: string | null; phone: string | null; branding?: { logo: string | null; color: string | null } } | null | undefined): Brand | null {
  return org ? { name: org.name, logo: org.branding?.logo ?? null, color: org.branding?.color ?? null, email: org.email, phone: org.phone } : null;
}
import { pub } from './messages.ts';
import { ConfidantPage } from './ConfidantPage.tsx';

/** The citizen's pages: no login, plain language. */
export default function PublicPages({ pathname }: { pathname: string }) {
  const path = pathname.replace(/\/+$/, '');
  let params = matchPath('/o/:slug', path);
  if (params?.slug) return <PublicForm key={params.slug} slug={params.slug} />;
  params = matchPath('/status/:token', path);
  if (params?.token) return <StatusPage key={params.token} token={params.token} />;
  params = matchPath('/vertrouwenspersoon/:token', path);
  if (params?.token) return <ConfidantPage key={params.token} token={params.token} />;
  if (path === '/status-link') return <LostLinkPage />;
  return <NotFoundPage />;
}

type Choice = 'compliment' | 'dissatisfaction' | 'complaint' | 'objection' | 'signal';

/** The document title; "Fout:" in front while the form shows errors, so screen readers hear it first. */
function errorTitle(form: { summary: unknown[] }, title: string, prefix: string): string {
  return form.summary.length > 0 ? `${prefix} ${title}` : title;
}

function dateLabel(locale: 'nl' | 'en', iso: string): string {
  return formatDateTime(locale, `${iso}T12:00:00Z`, false);
}

/** A date in words with its weekday: "dinsdag 12 januari 2027". */
function longDate(locale: 'nl' | 'en', iso: string): string {
  return new Intl.DateTimeFormat(locale === 'nl' ? 'nl-NL' : 'en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Amsterdam' }).format(
    new Date(`${iso}T12:00:00Z`),
  );
}

function ContactCard({ contact }: { contact: Contact }) {
  return (
    <div className="kw-contact">
      <strong>{contact.name}</strong>
      {contact.postalAddress?.map((line) => (
        <div key={line}>{line}</div>
      ))}
      {contact.phone ? <div>{contact.phone}</div> : null}
      {contact.email ? (
        <div>
          <Link href={`mailto:${contact.email}`}>{contact.email}</Link>
        </div>
      ) : null}
      {contact.url ? (
        <div>
          <Link href={contact.url}>{contact.url}</Link>
        </div>
      ) : null}
    </div>
  );
}

function PublicForm({ slug }: { slug: string }) {
  const t = useMessages(pub);
  const c = useMessages(core);
  const data = useLoader((signal) => api<PublicOrganisation>(`/public/organisations/${encodeURIComponent(slug)}`, { signal }), [slug]);
  useOrganisationBrand(brandOf(data.data));
  if (data.loading) return <Loading />;
  if (data.error) {
    if (data.error instanceof ApiError && data.error.status === 404) {
      return (
        <>
          <PageTitle>{c.notFound.title}</PageTitle>
          <Paragraph>{t.orgNotFound}</Paragraph>
        </>
      );
    }
    return <LoadError error={data.error} retry={data.reload} />;
  }
  return data.data ? <GuidedForm org={data.data} /> : null;
}

interface Done {
  reference: string;
  statusUrl: string;
  token: string;
  kind: string;
  mailed: boolean;
  uploaded: number;
  failures: string[];
}

function GuidedForm({ org }: { org: PublicOrganisation }) {
  const t = useMessages(pub);
  const c = useMessages(core);
  const d = useMessages(domain);
  const { locale } = useLocale();
  const kinds = new Set(org.kinds.map((k) => k.kind));
  const [step, setStep] = useState<'choose' | 'form' | 'objection' | 'done'>('choose');
  const [choice, setChoice] = useState<Choice | ''>('');
  const submission = useRef<{ json: string; key: string } | null>(null);
  const chooseForm = useFormErrors('choose');
  const form = useFormErrors('intake');
  const [values, setValues] = useState({
    name: '',
    role: 'client',
    email: '',
    phone: '',
    address: '',
    respondentName: '',
    department: '',
    description: '',
    when: '',
    history: '',
    desired: '',
    domain: '',
  });
  const [consent, setConsent] = useState(false);
  const [formal, setFormal] = useState(false);
  const [files, setFiles] = useState<File[]>([]);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<Done | null>(null);
  const headingRef = useRef<HTMLDivElement>(null);

  const set = (key: keyof typeof values) => (value: string) => {
    setValues((v) => ({ ...v, [key]: value }));
    form.clearField(key);
    if (key === 'phone' || key === 'address') form.clearField('email');
  };
  const today = todayIso();

  useEffect(() => {
    // Each step is a new "page": move focus to its heading so screen readers announce it.
    const heading = headingRef.current?.querySelector('h1, h2') as HTMLElement | null;
    if (step !== 'choose') heading?.focus();
  }, [step]);

  const options: { value: Choice; label: string; description: string }[] = [];
  if (kinds.has('compliment')) options.push({ value: 'compliment', label: t.form.choose.compliment, description: t.form.choose.complimentHint });
  // Without a separate dissatisfaction route it would only repeat "file a complaint".
  if (kinds.has('dissatisfaction')) options.push({ value: 'dissatisfaction', label: t.form.choose.dissatisfaction, description: t.form.choose.dissatisfactionHint });
  options.push({ value: 'complaint', label: t.form.choose.complaint, description: t.form.choose.complaintHint });
  options.push({ value: 'objection', label: t.form.choose.objection, description: t.form.choose.objectionHint });
  if (kinds.has('signal') || org.anonymous?.becomes === 'signal') {
    options.push({ value: 'signal', label: t.form.choose.signal, description: t.form.choose.signalHint });
  }

  const anonymous = choice === 'signal';
  const isComplaintLike = choice === 'complaint' || choice === 'dissatisfaction';
  const roles = org.complainantRoles?.allowed ?? [...COMPLAINANT_ROLES];
  // Formal handling at once only where the regulation allows it for the chosen domain (issue 12).
  const domains = org.domains ?? [];
  const formalAllowed = choice === 'complaint' && (values.domain ? domains.find((x) => x.id === values.domain)?.formalOnRequest === true : org.formalOnRequest === true);
  const helpContacts = org.contacts.filter((x) => x.role === 'client-support' || x.role === 'confidant');
  const objectionRule = org.kinds.find((k) => k.kind === 'objection');
  const objectionContact = objectionRule?.referTo ? org.contacts.find((x) => x.id === objectionRule.referTo) : org.contacts.find((x) => x.role === 'objection');
  const objectionTerm = objectionRule?.term?.length ? duration(d, objectionRule.term.length, objectionRule.term.unit) : locale === 'nl' ? '6 weken' : '6 weeks';

  function onChoose(event: FormEvent) {
    event.preventDefault();
    if (chooseForm.showClientErrors(choice ? {} : { kind: t.form.chooseRequired })) return;
    chooseForm.clear();
    setStep(choice === 'objection' ? 'objection' : 'form');
  }

  function validate(): boolean {
    const errors: Record<string, string> = {};
    if (!anonymous) {
      if (!values.name.trim()) errors.name = t.form.nameRequired;
      if (values.email.trim() && !isEmail(values.email)) errors.email = t.form.emailInvalid;
      if (values.phone.trim() && !/^[+0-9 ()-]*$/.test(values.phone.trim())) errors.phone = t.form.phoneInvalid;
      if (choice !== 'compliment' && !values.email.trim() && !values.phone.trim() && !values.address.trim()) errors.email = t.form.contactRequired;
    }
    if (!values.description.trim()) errors.description = t.form.descriptionRequired;
    if (values.when && values.when > today) errors.when = t.form.dateInFuture;
    if (isComplaintLike && org.domainRequired && !values.domain) errors.domain = t.form.domainRequired;
    return form.showClientErrors(errors, ['name', 'email', 'phone', 'domain', 'description', 'when']);
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (busy || validate()) return;
    setBusy(true);
    const kind = choice === 'dissatisfaction' && !kinds.has('dissatisfaction') ? 'complaint' : choice;
    const trimmed = (s: string) => s.trim() || undefined;
    const body = {
      organisation: org.slug,
      kind,
      ...(anonymous
        ? {}
        : {
            complainant: {
              name: values.name.trim(),
              role: values.role,
              ...(trimmed(values.email) && { email: values.email.trim() }),
              ...(trimmed(values.phone) && { phone: values.phone.trim() }),
              ...(trimmed(values.address) && { address: values.address.trim() }),
            },
          }),
      respondents:
        values.respondentName.trim() || values.department.trim()
          ? [{ ...(trimmed(values.respondentName) && { name: values.respondentName.trim() }), ...(trimmed(values.department) && { department: values.department.trim() }) }]
          : [],
      description: values.description.trim(),
      ...(trimmed(values.desired) && isComplaintLike && { desiredOutcome: values.desired.trim() }),
      ...(trimmed(values.history) && { historySoFar: values.history.trim() }),
      ...(values.when && { incidentDates: [values.when], knownSince: values.when }),
      ...(isComplaintLike && { consentToInspect: consent }),
      ...(isComplaintLike && values.domain && { domain: values.domain }),
      ...(formalAllowed && formal && { formalRequested: true }),
    };
    try {
      // One key per submission: sending the same form again (after a lost answer) reuses it, so it is filed once.
      const json = JSON.stringify(body);
      if (submission.current?.json !== json) submission.current = { json, key: randomKey() };
      const created = await api<{ reference: string; statusUrl: string; kind: string }>('/public/cases', {
        method: 'POST',
        body,
        headers: { 'idempotency-key': submission.current.key },
      });
      const token = tokenFromStatusUrl(created.statusUrl);
      let uploaded = 0;
      const failures: string[] = [];
      for (const file of files) {
        try {
          await apiUpload(`/public/status/${encodeURIComponent(token)}/documents`, file);
          uploaded++;
        } catch (error) {
          failures.push(t.done.uploadFailed(file.name, messageForError(error, c)));
        }
      }
      setDone({ reference: created.reference, statusUrl: created.statusUrl, token, kind: created.kind, mailed: !anonymous && !!values.email.trim(), uploaded, failures });
      setStep('done');
    } catch (error) {
      form.showServerError(error, {
        'complainant.name': t.form.name,
        'complainant.email': t.form.email,
        'complainant.phone': t.form.phone,
        description: t.form.description,
      });
    } finally {
      setBusy(false);
    }
  }

  const helpBlock = (
    <Alert type="info" className="kw-help">
      <Paragraph>
        <strong>{t.form.free}</strong> {t.form.help}
      </Paragraph>
      {helpContacts.length ? (
        <>
          <Paragraph>{t.form.helpContacts}</Paragraph>
          {helpContacts.map((x) => (
            <ContactCard key={x.id} contact={x} />
          ))}
        </>
      ) : null}
    </Alert>
  );

  if (step === 'done' && done) {
    const path = `/status/${encodeURIComponent(done.token)}`;
    return (
      <div ref={headingRef}>
        <PageTitle>{t.done.title}</PageTitle>
        <dl className="kw-dl">
          <dt>{t.done.reference}</dt>
          <dd data-testid="reference">{done.reference}</dd>
        </dl>
        {done.kind === 'signal' && anonymous ? <Paragraph>{t.done.signal}</Paragraph> : null}
        <Paragraph>{t.done.link}</Paragraph>
        <Paragraph>
          <RouterLink href={path} data-testid="status-link">
            {t.done.linkText}
          </RouterLink>
        </Paragraph>
        <Paragraph className="kw-token">{done.statusUrl}</Paragraph>
        <Paragraph>{t.done.keep}</Paragraph>
        {done.mailed ? <Paragraph>{t.done.mailed}</Paragraph> : null}
        {done.uploaded ? <StatusMessage>{t.done.uploaded(done.uploaded)}</StatusMessage> : null}
        {done.failures.length ? (
          <Alert type="warning">
            {done.failures.map((f) => (
              <Paragraph key={f}>{f}</Paragraph>
            ))}
          </Alert>
        ) : null}
      </div>
    );
  }

  if (step === 'objection') {
    return (
      <div ref={headingRef}>
        <PageTitle>{t.objection.title}</PageTitle>
        <Paragraph lead>{t.objection.text}</Paragraph>
        <Heading2>{t.objection.where}</Heading2>
        {objectionContact ? <ContactCard contact={objectionContact} /> : <Paragraph>{t.objection.fallback}</Paragraph>}
        <Paragraph>
          <strong>{t.objection.within(objectionTerm)}</strong>
        </Paragraph>
        <Paragraph>{t.objection.howTo}</Paragraph>
        <div className="kw-actions">
          <Button appearance="secondary-action-button" onClick={() => setStep('choose')}>
            {t.form.back}
          </Button>
        </div>
      </div>
    );
  }

  if (step === 'choose') {
    return (
      <>
        <PageTitle title={errorTitle(chooseForm, t.form.title(org.name), t.errorPrefix)}>{t.form.title(org.name)}</PageTitle>
        <Paragraph lead>{t.form.intro}</Paragraph>
        <ErrorSummary form={chooseForm} />
        <form className="kw-form" noValidate onSubmit={onChoose}>
          <RadioGroupField
            form={chooseForm}
            path="kind"
            legend={t.form.chooseLegend}
            options={options}
            value={choice}
            onChange={(v) => {
              setChoice(v as Choice);
              chooseForm.clearField('kind');
            }}
          />
          <div className="kw-actions">
            <Button type="submit" appearance="primary-action-button">
              {t.form.next}
            </Button>
          </div>
        </form>
        {helpBlock}
        <Paragraph>
          <RouterLink href={`/status-link?o=${encodeURIComponent(org.slug)}`}>{t.form.lostLink}</RouterLink>
        </Paragraph>
      </>
    );
  }

  const chosen = options.find((o) => o.value === choice);
  return (
    <div ref={headingRef}>
      <PageTitle title={errorTitle(form, chosen?.label ?? '', t.errorPrefix)}>{chosen?.label}</PageTitle>
      <Paragraph>{org.name}</Paragraph>
      {choice !== 'compliment' ? helpBlock : null}
      <ErrorSummary form={form} />
      <form className="kw-form" noValidate onSubmit={onSubmit} aria-busy={busy}>
        {!anonymous ? (
          <fieldset>
            <legend className="kw-legend">{t.form.youTitle}</legend>
            {choice !== 'compliment' ? (
              <Paragraph className="kw-fieldset-hint" data-testid="contact-hint">
                {t.form.contactHint}
              </Paragraph>
            ) : null}
            <TextField form={form} path="name" label={t.form.name} value={values.name} onChange={set('name')} required autoComplete="name" />
            <SelectField
              form={form}
              path="role"
              label={t.form.role}
              value={values.role}
              onChange={set('role')}
              options={roles.map((r) => ({ value: r, label: label(d.complainantRoles, r) }))}
            />
            <TextField
              form={form}
              path="email"
              label={t.form.email}
              description={t.form.emailHint}
              type="email"
              value={values.email}
              onChange={set('email')}
              required={false}
              autoComplete="email"
            />
            <TextField form={form} path="phone" label={t.form.phone} type="tel" value={values.phone} onChange={set('phone')} required={false} autoComplete="tel" />
            <TextField
              form={form}
              path="address"
              label={t.form.address}
              description={t.form.addressHint}
              value={values.address}
              onChange={set('address')}
              required={false}
              autoComplete="street-address"
            />
          </fieldset>
        ) : null}
        <fieldset>
          <legend className="kw-legend">{choice === 'compliment' ? t.form.aboutTitleCompliment : t.form.aboutTitle}</legend>
          <TextField
            form={form}
            path="respondentName"
            label={t.form.respondentName}
            description={t.form.respondentHint}
            value={values.respondentName}
            onChange={set('respondentName')}
            required={false}
          />
          <TextField form={form} path="department" label={t.form.department} value={values.department} onChange={set('department')} required={false} />
        </fieldset>
        <fieldset>
          <legend className="kw-legend">{t.form.whatTitle}</legend>
          {isComplaintLike && domains.length > 0 ? (
            <SelectField
              form={form}
              path="domain"
              label={t.form.domain}
              description={t.form.domainHint}
              value={values.domain}
              onChange={set('domain')}
              placeholder={t.form.domainPlaceholder}
              required={org.domainRequired === true}
              options={domains.map((x) => ({ value: x.id, label: x.name }))}
            />
          ) : null}
          <TextAreaField
            form={form}
            path="description"
            label={t.form.description}
            description={t.form.descriptionHint}
            value={values.description}
            onChange={set('description')}
            required
            rows={6}
            maxLength={20000}
          />
          <TextField form={form} path="when" label={t.form.when} type="date" max={today} value={values.when} onChange={set('when')} required={false} />
          {choice !== 'compliment' && !anonymous ? (
            <TextAreaField
              form={form}
              path="history"
              label={t.form.history}
              description={t.form.historyHint}
              value={values.history}
              onChange={set('history')}
              required={false}
              rows={3}
              maxLength={5000}
            />
          ) : null}
          {isComplaintLike ? (
            <TextAreaField
              form={form}
              path="desired"
              label={t.form.desired}
              description={t.form.desiredHint}
              value={values.desired}
              onChange={set('desired')}
              required={false}
              rows={3}
              maxLength={5000}
            />
          ) : null}
        </fieldset>
        {formalAllowed ? <CheckboxField form={form} path="formalRequested" label={t.form.formal} description={t.form.formalHint} checked={formal} onChange={setFormal} /> : null}
        {isComplaintLike ? <CheckboxField form={form} path="consent" label={t.form.consent} description={t.form.consentHint} checked={consent} onChange={setConsent} /> : null}
        {!anonymous ? <FileField form={form} path="attachments" label={t.form.attachments} description={t.form.attachmentsHint} multiple onChange={setFiles} /> : null}
        <div className="kw-actions">
          <Button type="submit" appearance="primary-action-button" disabled={busy}>
            {busy ? t.form.submitting : t.form.submit}
          </Button>
          <Button appearance="secondary-action-button" onClick={() => setStep('choose')}>
            {t.form.back}
          </Button>
        </div>
      </form>
    </div>
  );
}

function StatusPage({ token }: { token: string }) {
  const t = useMessages(pub);
  const c = useMessages(core);
  const d = useMessages(domain);
  const { locale } = useLocale();
  const base = `/public/status/${encodeURIComponent(token)}`;
  const data = useLoader((signal) => api<PublicStatus>(base, { signal }), [token]);
  useOrganisationBrand(brandOf(data.data?.organisation));
  const [flash, setFlash] = useState<string | null>(null);
  const messageForm = useFormErrors('message');
  const withdrawForm = useFormErrors('withdraw');
  const [message, setMessage] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [fileKey, setFileKey] = useState(0);
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const confirmRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  if (data.loading && !data.data) return <Loading />;
  if (data.error) {
    // A cut, short or mistyped link gets the same friendly page as an unknown one, never a validation message.
    if (data.error instanceof ApiError && (data.error.status === 404 || data.error.status === 400)) {
      return (
        <>
          <PageTitle>{t.status.notFound}</PageTitle>
          <Paragraph>{t.status.notFoundText}</Paragraph>
          <Paragraph>
            <RouterLink href="/status-link">{t.status.requestLink}</RouterLink>
          </Paragraph>
        </>
      );
    }
    return <LoadError error={data.error} retry={data.reload} />;
  }
  const s = data.data;
  if (!s) return null;

  /** One send: the message (optional with documents) and the chosen documents. */
  async function send(event: FormEvent) {
    event.preventDefault();
    const text = message.trim();
    if (messageForm.showClientErrors(text || files.length ? {} : { text: t.status.messageRequired })) return;
    setBusy(true);
    try {
      if (text) await api(`${base}/messages`, { method: 'POST', body: { text } });
      setMessage('');
      for (const [i, f] of files.entries()) {
        try {
          await apiUpload(`${base}/documents`, f);
        } catch (error) {
          setFiles(files.slice(i));
          throw error;
        }
      }
      setFlash(files.length ? t.status.sentWith(files.length, !!text) : t.status.sent);
      setFiles([]);
      setFileKey((k) => k + 1);
      messageForm.clear();
      data.reload();
    } catch (error) {
      messageForm.showServerError(error, { text: t.status.message, file: t.status.files });
      data.reload();
    } finally {
      setBusy(false);
    }
  }

  async function withdraw(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    try {
      await api(`${base}/withdraw`, { method: 'POST', body: { confirm: true, ...(reason.trim() && { reason: reason.trim() }) } });
      setConfirming(false);
      setFlash(t.status.withdrawn);
      data.reload();
    } catch (error) {
      withdrawForm.showServerError(error, { reason: t.status.reason });
    } finally {
      setBusy(false);
    }
  }

  const doc = (documentId: string) => `/api/v1${base}/documents/${encodeURIComponent(documentId)}`;
  return (
    <>
      <PageTitle>{t.status.title(s.reference)}</PageTitle>
      {flash ? <StatusMessage>{flash}</StatusMessage> : null}
      <section aria-labelledby="where" className="kw-status-where">
        <Heading2 id="where">{t.status.where}</Heading2>
        <Paragraph lead>
          <strong data-testid="status-label">{label(d.statuses, s.status)}</strong>
        </Paragraph>
        <Paragraph>{label(d.plainStatus, s.status)}</Paragraph>
        {s.outcome ? (
          <Paragraph data-testid="status-outcome">
            <strong>{t.status.outcome(label(d.outcomes, s.outcome).toLowerCase())}</strong>
          </Paragraph>
        ) : null}
        <dl className="kw-dl">
          <dt>{t.status.kind}</dt>
          <dd>{label(d.kinds, s.kind)}</dd>
          <dt>{t.status.organisation}</dt>
          <dd>{s.organisation.name}</dd>
          <dt>{t.status.level}</dt>
          <dd>{s.level.name}</dd>
          <dt>{t.status.receivedOn}</dt>
          <dd>{dateLabel(locale, s.receivedOn)}</dd>
        </dl>
      </section>
      <section aria-labelledby="next" className="kw-section">
        <Heading2 id="next">{t.status.next}</Heading2>
        <Paragraph data-testid="status-next">
          {s.answerDue && !s.ended
            ? t.status.answerDue(longDate(locale, s.answerDue))
            : s.nextDeadline && !s.ended
              ? t.status.nextDeadline(label(d.deadlineKinds, s.nextDeadline.kind), dateLabel(locale, s.nextDeadline.due))
              : t.status.noDeadline}
        </Paragraph>
      </section>
      <section aria-labelledby="letters" className="kw-section">
        <Heading2 id="letters">{t.status.letters}</Heading2>
        {s.letters.filter((l) => l.documentId).length === 0 ? (
          <Paragraph>{t.status.noLetters}</Paragraph>
        ) : (
          <UnorderedList>
            {s.letters
              .filter((l) => l.documentId)
              .map((l) => (
                <UnorderedListItem key={l.id}>
                  <Link href={doc(l.documentId as string)} target="_blank" rel="noopener">
                    {t.status.open(label(d.letters, l.kind))}
                  </Link>{' '}
                  – {formatDateTime(locale, l.createdAt, false)}
                </UnorderedListItem>
              ))}
          </UnorderedList>
        )}
      </section>
      <section aria-labelledby="documents" className="kw-section">
        <Heading2 id="documents">{t.status.documents}</Heading2>
        {s.documents.length === 0 ? (
          <Paragraph>{t.status.noDocuments}</Paragraph>
        ) : (
          <UnorderedList>
            {s.documents.map((x) => (
              <UnorderedListItem key={x.id}>
                <Link href={doc(x.id)} target="_blank" rel="noopener">
                  {t.status.open(x.name)}
                </Link>{' '}
                – {formatDateTime(locale, x.createdAt, false)}
              </UnorderedListItem>
            ))}
          </UnorderedList>
        )}
      </section>
      <section aria-labelledby="viewed" className="kw-section">
        <Heading2 id="viewed">{t.status.viewedTitle}</Heading2>
        {!s.viewedBy?.length ? (
          <Paragraph>{t.status.viewedNone}</Paragraph>
        ) : (
          <UnorderedList>
            {s.viewedBy.map((v, i) => (
              <UnorderedListItem key={i}>
                {formatDateTime(locale, v.at, true)}:{' '}
                {v.role === 'platform-admin'
                  ? t.status.viewedPlatform
                  : v.role
                    ? v.role
                        .split('+')
                        .map((r) => (c.roles as Record<string, string>)[r] ?? r)
                        .join(', ')
                    : t.status.viewedUnknown}
                {v.organisation ? `, ${v.organisation}` : ''}
              </UnorderedListItem>
            ))}
          </UnorderedList>
        )}
      </section>
      <section aria-labelledby="timeline" className="kw-section">
        <Heading2 id="timeline">{t.status.timeline}</Heading2>
        <ol className="kw-steps" data-testid="status-timeline">
          {[...(s.timeline.some((e) => e.type === 'received') ? [] : [{ type: 'received', on: s.receivedOn }]), ...s.timeline].map((e, i) => (
            <li key={i} className="kw-step">
              <time dateTime={e.on} className="kw-step__date">
                {dateLabel(locale, e.on)}
              </time>
              <span>{t.status.steps[e.type] ?? label(d.events, e.type)}</span>
            </li>
          ))}
        </ol>
      </section>
      {s.ended ? (
        <Paragraph className="kw-section">{t.status.ended}</Paragraph>
      ) : (
        <section aria-labelledby="add" className="kw-section">
          <Heading2 id="add">{t.status.addTitle}</Heading2>
          <Paragraph>{t.status.addText}</Paragraph>
          <ErrorSummary form={messageForm} />
          <form className="kw-form" noValidate onSubmit={send}>
            <TextAreaField form={messageForm} path="text" label={t.status.message} value={message} onChange={setMessage} required={false} rows={4} maxLength={10000} />
            <FileField key={fileKey} form={messageForm} path="file" label={t.status.files} description={t.status.filesHint} multiple onChange={setFiles} />
            <div className="kw-actions">
              <Button type="submit" appearance="primary-action-button" disabled={busy}>
                {t.status.send}
              </Button>
            </div>
          </form>
        </section>
      )}
      {s.canWithdraw ? (
        <section aria-labelledby="withdraw" className="kw-section">
          <Heading2 id="withdraw">{t.status.withdrawTitle}</Heading2>
          <Paragraph>{t.status.withdrawText}</Paragraph>
          {confirming ? (
            <div className="kw-confirm">
              <ErrorSummary form={withdrawForm} />
              <Heading2 ref={confirmRef} tabIndex={-1} className="kw-confirm__title">
                {t.status.confirmTitle}
              </Heading2>
              <Paragraph>{t.status.confirmText}</Paragraph>
              <form className="kw-form" noValidate onSubmit={withdraw}>
                <TextAreaField form={withdrawForm} path="reason" label={t.status.reason} value={reason} onChange={setReason} required={false} rows={3} maxLength={2000} />
                <div className="kw-actions">
                  <Button type="submit" appearance="primary-action-button" disabled={busy}>
                    {t.status.confirm}
                  </Button>
                  <Button appearance="secondary-action-button" onClick={() => setConfirming(false)}>
                    {t.status.cancel}
                  </Button>
                </div>
              </form>
            </div>
          ) : (
            <Button appearance="secondary-action-button" onClick={() => setConfirming(true)}>
              {t.status.withdraw}
            </Button>
          )}
        </section>
      ) : null}
      <section aria-labelledby="contact" className="kw-section">
        <Heading2 id="contact">{t.status.contact}</Heading2>
        <Paragraph>{t.status.contactText(s.organisation.name)}</Paragraph>
        {s.organisation.phone ? <Paragraph>{s.organisation.phone}</Paragraph> : null}
        {s.organisation.email ? (
          <Paragraph>
            <Link href={`mailto:${s.organisation.email}`}>{s.organisation.email}</Link>
          </Paragraph>
        ) : null}
      </section>
    </>
  );
}

function LostLinkPage() {
  const t = useMessages(pub);
  const form = useFormErrors('lost-link');
  // Coming from an organisation's form: its references as the example.
  const slug = new URLSearchParams(window.location.search).get('o') ?? '';
  const org = useLoader((signal) => (slug ? api<PublicOrganisation>(`/public/organisations/${encodeURIComponent(slug)}`, { signal }) : Promise.resolve(null)), [slug]);
  const example = org.data?.referenceExample;
  useOrganisationBrand(brandOf(org.data));
  const [email, setEmail] = useState('');
  const [reference, setReference] = useState('');
  const [sent, setSent] = useState(false);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const errors: Record<string, string> = {};
    if (!isEmail(email)) errors.email = t.form.emailInvalid;
    if (reference.trim().length < 3) errors.reference = t.lostLink.referenceRequired;
    if (form.showClientErrors(errors, ['email', 'reference'])) return;
    setBusy(true);
    try {
      await api('/public/status-link', { method: 'POST', body: { email: email.trim(), reference: reference.trim() } });
      setSent(true);
    } catch (error) {
      form.showServerError(error, { email: t.lostLink.email, reference: t.lostLink.reference });
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <PageTitle title={errorTitle(form, t.lostLink.title, t.errorPrefix)}>{t.lostLink.title}</PageTitle>
      {sent ? <StatusMessage>{t.lostLink.sent}</StatusMessage> : null}
      <Paragraph>{t.lostLink.intro}</Paragraph>
      <ErrorSummary form={form} />
      <form className="kw-form" noValidate onSubmit={onSubmit}>
        <TextField form={form} path="email" label={t.lostLink.email} type="email" value={email} onChange={setEmail} required autoComplete="email" />
        <TextField
          form={form}
          path="reference"
          label={t.lostLink.reference}
          description={example ? t.lostLink.referenceHint(example) : t.lostLink.referenceHintGeneral}
          value={reference}
          onChange={setReference}
          required
        />
        <div className="kw-actions">
          <Button type="submit" appearance="primary-action-button" disabled={busy}>
            {t.lostLink.submit}
          </Button>
        </div>
      </form>
    </>
  );
}

/** A random Idempotency-Key; crypto.randomUUID exists only on https and localhost, getRandomValues everywhere. */
function randomKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
