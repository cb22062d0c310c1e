/**
 * Case statuses with their properties (re-exported by lifecycle.ts). Escalation is
 * not a status: it changes the level and starts the level's terms anew.
 */
export const STATUSES = {
  received: { clockRunning: true, ended: false, label: 'Ontvangen' },
  /** Something the regulation requires is missing; the complainant was asked to repair it (Awb 4:5). */
  'awaiting-repair': { clockRunning: false, ended: false, label: 'Wacht op aanvulling' },
  acknowledged: { clockRunning: true, ended: false, label: 'Ontvangst bevestigd' },
  /** After first contact or the admissibility decision. */
  'in-progress': { clockRunning: true, ended: false, label: 'In behandeling' },
  'hearing-scheduled': { clockRunning: true, ended: false, label: 'Hoorzitting gepland' },
  /** Four-eyes: decided, waiting for another person's approval [001 §1D]. */
  'decision-pending-approval': { clockRunning: true, ended: false, label: 'Oordeel ter goedkeuring' },
  /** Decided and sent; the complainant may still take it a level up. */
  decided: { clockRunning: false, ended: false, label: 'Afgehandeld met oordeel' },
  closed: { clockRunning: false, ended: true, label: 'Gesloten' },
  withdrawn: { clockRunning: false, ended: true, label: 'Ingetrokken' },
  'ended-unreachable': { clockRunning: false, ended: true, label: 'Beëindigd: klager onbereikbaar' },
  inadmissible: { clockRunning: false, ended: true, label: 'Niet ontvankelijk' },
  /** An objection referred to where to object [000 §1, 002 §2.2], or what is not a complaint referred to the route the regulation names [issue 9 §2.9]. */
  referred: { clockRunning: false, ended: true, label: 'Doorverwezen' },
  /** Handed to another organisation [001 §1D]. */
  transferred: { clockRunning: false, ended: true, label: 'Overgedragen' },
} as const satisfies Record<string, { clockRunning: boolean; ended: boolean; label: string }>;

export type Status = keyof typeof STATUSES;
export const STATUS_IDS = Object.keys(STATUSES) as Status[];

export function isEnded(status: Status): boolean {
  return STATUSES[status].ended;
}
