import { useId, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { Button, Paragraph, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@utrecht/component-library-react';
import { formatDateTime, useMessages } from '../../lib/i18n.tsx';
import type { Locale } from '../../lib/i18n.tsx';
import { navigate } from '../../lib/router.tsx';
import { todayIso } from '../../lib/cases.ts';
import { useUser } from '../../lib/auth.tsx';
import { fetchOrganisations } from '../../lib/organisations.ts';
import { orgsWithRole } from '../../lib/types.ts';
import type { Role } from '../../lib/types.ts';
import { SelectField, useFormErrors } from '../../components/form.tsx';
import { ScrollTable, useLoader } from '../../components/page.tsx';
import { rm } from './messages.ts';
import type { Cell, CountTable } from './types.ts';

/** The organisations where the user has one of `roles` (`choices`), with the loader of all the user may see. */
export function useOrganisationsWithRole(roles: readonly Role[]) {
  const user = useUser();
  const orgs = useLoader((signal) => fetchOrganisations(signal), [user.id]);
  const mine = orgsWithRole(user, roles);
  return { ...orgs, choices: (orgs.data ?? []).filter((o) => mine.includes(o.id)) };
}

export function dateOnly(locale: Locale, iso: string | null | undefined): string {
  return iso ? formatDateTime(locale, `${iso.slice(0, 10)}T12:00:00Z`, false) : '';
}

export function currentYear(): number {
  return Number(todayIso().slice(0, 4));
}

export function yearOf(raw: string | null): number {
  const n = Number(raw);
  return Number.isInteger(n) && n >= 2000 && n <= 2100 ? n : currentYear();
}

/** A count as published: a number, or "*" for a suppressed one (never 0). */
export function CellValue({ cell }: { cell: Cell | null | undefined }) {
  const t = useMessages(rm);
  if (!cell) return <>{t.cell.none}</>;
  if (cell.suppressed) {
    return (
      <span className="kw-suppressed" data-suppressed="true">
        <span aria-hidden="true">*</span>
        <span className="kw-visually-hidden">{t.cell.suppressed}</span>
      </span>
    );
  }
  return <>{cell.value === null ? t.cell.none : String(cell.value)}</>;
}

/** A percentage as published: "83%", or as CellValue shows a suppressed or missing one. */
export function PercentValue({ cell }: { cell: Cell | null | undefined }) {
  return cell && !cell.suppressed && cell.value !== null ? `${cell.value}%` : <CellValue cell={cell} />;
}

/** A table cell with a count, aligned to the right. */
export function CountCell({ cell }: { cell: Cell | null | undefined }) {
  return (
    <TableCell className="kw-num">
      <CellValue cell={cell} />
    </TableCell>
  );
}

export function cellText(cell: Cell | null | undefined): string {
  if (!cell) return '—';
  if (cell.suppressed) return '*';
  return cell.value === null ? '—' : String(cell.value);
}

export function SuppressionFootnote() {
  const t = useMessages(rm);
  return <Paragraph className="kw-footnote">{t.cell.footnote}</Paragraph>;
}

/** True when any of these counts is shown as "*". */
export function anySuppressed(cells: (Cell | null | undefined)[]): boolean {
  return cells.some((c) => !!c?.suppressed);
}

/** What "*" means, right under a table that shows one. */
export function TableFootnote({ show }: { show: boolean }) {
  const t = useMessages(rm);
  return show ? (
    <Paragraph className="kw-footnote kw-table-footnote" data-testid="table-footnote">
      {t.cell.footnote}
    </Paragraph>
  ) : null;
}

/** One of the report's count tables, with the rows' labels in the reader's language. */
export function CountTableView({
  table,
  caption,
  labels,
  headers,
  note,
  totalLabel,
  captionHidden = false,
}: {
  captionHidden?: boolean;
  table: CountTable;
  totalLabel: string;
  caption: string;
  labels: Record<string, string>;
  headers: [string, string];
  note?: string;
}) {
  return (
    <ScrollTable label={caption}>
      <Table className="kw-figures">
        <caption className={captionHidden ? 'kw-visually-hidden' : 'utrecht-table__caption kw-caption'}>{caption}</caption>
        <TableHeader>
          <TableRow>
            <TableHeaderCell scope="col">{headers[0]}</TableHeaderCell>
            <TableHeaderCell scope="col" className="kw-num">
              {headers[1]}
            </TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {table.rows.map((row) => (
            <TableRow key={row.key}>
              <TableHeaderCell scope="row">{labels[row.key] ?? row.label}</TableHeaderCell>
              <CountCell cell={row.count} />
            </TableRow>
          ))}
        </TableBody>
        {table.total ? (
          <tfoot className="utrecht-table__footer">
            <TableRow>
              <TableHeaderCell scope="row">{totalLabel}</TableHeaderCell>
              <CountCell cell={table.total} />
            </TableRow>
          </tfoot>
        ) : null}
      </Table>
      <TableFootnote show={anySuppressed([...table.rows.map((r) => r.count), table.total])} />
      {note ? <Paragraph className="kw-muted">{note}</Paragraph> : null}
    </ScrollTable>
  );
}

export interface Series {
  label: string;
  cells: Cell[];
}

/**
 * A bar chart per month: horizontal bars (legible at 320 px), one bar per
 * month, stacked when there are several series, with the numbers written next
 * to them. The drawing is hidden from screen readers; they get the same
 * numbers from a table, which sighted users can show too.
 */
export function MonthChart({ caption, months, monthNames, series, total }: { caption: string; months: string[]; monthNames: string[]; series: Series[]; total: Cell[] }) {
  const t = useMessages(rm);
  const id = useId();
  const [showTable, setShowTable] = useState(false);
  const max = Math.max(1, ...months.map((_, i) => series.reduce((s, x) => s + (x.cells[i]?.value ?? 0), 0)));
  return (
    <figure className="kw-chart" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`} className="kw-chart__caption">
        {caption}
      </figcaption>
      {series.length > 1 ? (
        <ul className="kw-chart__legend" aria-hidden="true">
          {series.map((s, j) => (
            <li key={s.label}>
              <span className={`kw-chart__swatch kw-chart__bar--s${j}`} /> {s.label}
            </li>
          ))}
        </ul>
      ) : null}
      <div className="kw-chart__bars" aria-hidden="true">
        {months.map((m, i) => (
          <div className="kw-chart__row" key={m}>
            <span className="kw-chart__label">{m}</span>
            <span className="kw-chart__track">
              {series.map((s, j) => {
                const v = s.cells[i]?.value ?? 0;
                return v > 0 ? <span key={s.label} className={`kw-chart__bar kw-chart__bar--s${j}`} style={{ inlineSize: `${(100 * v) / max}%` }} /> : null;
              })}
            </span>
            <span className="kw-chart__value">{series.map((s) => cellText(s.cells[i])).join(' / ')}</span>
          </div>
        ))}
      </div>
      <Button appearance="subtle-button" className="kw-chart__toggle" onClick={() => setShowTable((v) => !v)}>
        {showTable ? t.dashboard.hideTable : t.dashboard.showTable}
      </Button>
      <div className={showTable ? 'kw-chart__table' : 'kw-visually-hidden'}>
        <Table className="kw-figures">
          <caption className="utrecht-table__caption kw-caption">{caption}</caption>
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">{t.dashboard.month}</TableHeaderCell>
              {series.map((s) => (
                <TableHeaderCell scope="col" key={s.label} className="kw-num">
                  {s.label}
                </TableHeaderCell>
              ))}
            </TableRow>
          </TableHeader>
          <TableBody>
            {months.map((m, i) => (
              <TableRow key={m}>
                <TableHeaderCell scope="row">{monthNames[i] ?? m}</TableHeaderCell>
                {series.map((s) => (
                  <CountCell key={s.label} cell={s.cells[i]} />
                ))}
              </TableRow>
            ))}
          </TableBody>
          <tfoot className="utrecht-table__footer">
            <TableRow>
              <TableHeaderCell scope="row">{t.dashboard.total}</TableHeaderCell>
              {total.map((c, j) => (
                <CountCell key={j} cell={c} />
              ))}
            </TableRow>
          </tfoot>
        </Table>
      </div>
      <TableFootnote show={anySuppressed([...series.flatMap((s) => s.cells), ...total])} />
    </figure>
  );
}

/** Choose an organisation and a year; a submit button (no change of context on select). */
export function OrgYearPicker({
  path,
  options,
  organisationId,
  year,
  orgLabel,
  extra,
}: {
  path: string;
  options: { value: string; label: string }[];
  organisationId: string;
  year: number;
  orgLabel: string;
  extra?: Record<string, string>;
}) {
  const t = useMessages(rm);
  const form = useFormErrors('picker');
  const [org, setOrg] = useState(organisationId);
  const [y, setY] = useState(String(year));
  const now = currentYear();
  const years = Array.from({ length: 6 }, (_, i) => String(now - i));
  if (!years.includes(String(year))) years.push(String(year));
  function submit(event: FormEvent) {
    event.preventDefault();
    const search = new URLSearchParams({ ...extra, organisationId: org, year: y });
    navigate(`${path}?${search.toString()}`);
  }
  return (
    <form className="kw-toolbar kw-picker" onSubmit={submit} aria-label={t.picker.label}>
      {options.length > 1 ? <SelectField form={form} path="organisationId" label={orgLabel} value={org} options={options} onChange={setOrg} /> : null}
      <SelectField form={form} path="year" label={t.picker.year} value={y} options={years.map((v) => ({ value: v, label: v }))} onChange={setY} />
      <div className="kw-actions">
        <Button type="submit" appearance="secondary-action-button">
          {t.picker.show}
        </Button>
      </div>
    </form>
  );
}

export function Figure({ label, children, testId, tone }: { label: string; children: ReactNode; testId?: string; tone?: 'bad' | 'good' }) {
  return (
    <div className={`kw-figure${tone ? ` kw-figure--${tone}` : ''}`}>
      <dt className="kw-figure__label">{label}</dt>
      <dd className="kw-figure__value" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}
