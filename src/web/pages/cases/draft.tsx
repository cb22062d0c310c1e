import { useEffect, useState } from 'react';
import { Button, Heading2, Heading3, Paragraph } from '@utrecht/component-library-react';
import { api } from '../../lib/api.ts';
import { useMessages } from '../../lib/i18n.tsx';
import type { CaseDetail } from '../../lib/cases.ts';
import { domain, label } from '../../i18n/domain.ts';
import { cm } from './messages.ts';

interface PreviewLetter {
  kind: string;
  recipient: 'complainant' | 'respondent';
  recipientName: string;
  subject: string;
  text: string;
}

export interface LetterPreviewResult {
  afterApproval: boolean;
  letters: PreviewLetter[];
}

const strings = (x: unknown): string[] => (Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string') : []);

/**
 * The decision waiting for approval, in full: the approver decides with
 * everything the officer wrote and the letters that will go out.
 */
export function DecisionDraft({ c, nameOf }: { c: CaseDetail; nameOf: (userId: string | null) => string }) {
  const t = useMessages(cm);
  const d = useMessages(domain);
  const decided = [...c.events].reverse().find((e) => e.type === 'decided');
  const hearing = [...c.events].reverse().find((e) => e.type === 'hearing-held' || e.type === 'hearing-skipped');
  if (!decided) return null;
  const data = decided.data ?? {};
  const points = Array.isArray(data.points) ? (data.points as { description?: unknown; outcome?: unknown }[]) : [];
  const recommendations = strings(data.recommendations);
  return (
    <section aria-labelledby="draft" className="kw-section kw-card" data-testid="decision-draft">
      <Heading2 id="draft">{t.draft.title}</Heading2>
      <Paragraph>{t.draft.by(nameOf(decided.actorUserId))}</Paragraph>
      <dl className="kw-dl">
        <dt>{t.ev.outcome}</dt>
        <dd>{typeof data.outcome === 'string' ? label(d.outcomes, data.outcome) : ''}</dd>
        <dt>{t.ev.motivation}</dt>
        <dd className="kw-pre">{typeof data.motivation === 'string' ? data.motivation : ''}</dd>
      </dl>
      <Heading3>{t.ev.points}</Heading3>
      {points.length === 0 ? (
        <Paragraph>{t.draft.noPoints}</Paragraph>
      ) : (
        <ol className="kw-draft-points">
          {points.map((p, i) => (
            <li key={i}>
              {typeof p.description === 'string' ? p.description : ''}: <strong>{typeof p.outcome === 'string' ? label(d.outcomes, p.outcome) : ''}</strong>
            </li>
          ))}
        </ol>
      )}
      <Heading3>{t.ev.recommendations}</Heading3>
      {recommendations.length === 0 ? (
        <Paragraph>{t.draft.noRecommendations}</Paragraph>
      ) : (
        <ul className="kw-plain-list">
          {recommendations.map((r, i) => (
            <li key={i}>{r}</li>
          ))}
        </ul>
      )}
      <Heading3>{t.draft.hearing}</Heading3>
      {hearing?.type === 'hearing-held' ? (
        <Paragraph className="kw-pre">{typeof hearing.data?.report === 'string' && hearing.data.report.trim() ? hearing.data.report : t.draft.noReport}</Paragraph>
      ) : hearing?.type === 'hearing-skipped' ? (
        <Paragraph>{t.draft.skipped(typeof hearing.data?.ground === 'string' ? label(d.skipGrounds, hearing.data.ground) : '')}</Paragraph>
      ) : (
        <Paragraph>{t.draft.noHearing}</Paragraph>
      )}
    </section>
  );
}

/** "gaat naar klager en beklaagde": the roles the letters go to, in words. */
export function recipientsInWords(letters: PreviewLetter[], words: Record<string, string>, and: string): string {
  const roles = [...new Set(letters.map((l) => l.recipient))].sort();
  const named = roles.map((r) => words[r] ?? r);
  return named.length <= 1 ? (named[0] ?? '') : `${named.slice(0, -1).join(', ')} ${and} ${named.at(-1)}`;
}

/**
 * The letters a step will send, shown before it is recorded: to whom, and the
 * text. `body` builds the event from the form (null when the form has errors).
 */
export function LetterPreview({ caseId, body, auto = false }: { caseId: string; body: () => Record<string, unknown> | null; auto?: boolean }) {
  const t = useMessages(cm);
  const d = useMessages(domain);
  const [state, setState] = useState<{ loading: boolean; result: LetterPreviewResult | null; error: string | null }>({ loading: false, result: null, error: null });

  async function load() {
    const event = body();
    if (!event) return;
    setState({ loading: true, result: null, error: null });
    try {
      const result = await api<LetterPreviewResult>(`/cases/${encodeURIComponent(caseId)}/letters/preview`, { method: 'POST', body: event });
      setState({ loading: false, result, error: null });
    } catch (error) {
      setState({ loading: false, result: null, error: error instanceof Error && error.message ? error.message : t.preview.failed });
    }
  }

  // biome-ignore lint/correctness/useExhaustiveDependencies: loads once when shown for a step that needs no input
  useEffect(() => {
    if (auto) void load();
    // Load once when shown for a step that needs no input (approval).
  }, [auto]);

  const { result } = state;
  return (
    <div className="kw-letter-preview" data-testid="letter-preview">
      {auto ? null : (
        <div>
          <Button appearance="secondary-action-button" onClick={() => void load()}>
            {t.preview.show}
          </Button>
        </div>
      )}
      <div aria-live="polite">
        {state.loading ? <Paragraph>{t.preview.loading}</Paragraph> : null}
        {state.error ? <Paragraph>{state.error}</Paragraph> : null}
        {result ? (
          result.letters.length === 0 ? (
            <Paragraph>{t.preview.none}</Paragraph>
          ) : (
            <>
              <Paragraph data-testid="letter-recipients">
                <strong>{t.preview.goesTo(result.letters.length, recipientsInWords(result.letters, t.preview.roles, t.preview.and))}</strong>
                {result.afterApproval ? ` ${t.preview.afterApproval}` : ''}
              </Paragraph>
              {result.letters.map((l, i) => (
                <details key={i} className="kw-letter">
                  <summary>
                    {label(d.letters, l.kind)} – {t.preview.to(l.recipientName, label(t.preview.roles, l.recipient))}
                  </summary>
                  <div className="kw-pre kw-letter__text">{l.text}</div>
                </details>
              ))}
            </>
          )
        ) : null}
      </div>
    </div>
  );
}
