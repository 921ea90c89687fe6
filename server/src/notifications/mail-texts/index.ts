import i18next from 'i18next';
import itAccountInvite from './it/account-invite.json';
import itApplied from './it/applied.json';
import itApprovalRequested from './it/approval-requested.json';
import itApproved from './it/approved.json';
import itAssignedToYou from './it/assigned-to-you.json';
import itClosed from './it/closed.json';
import itClosedReply from './it/closed-reply.json';
import itDeleted from './it/deleted.json';
import itFollowup from './it/followup.json';
import itInboundRefused from './it/inbound-refused.json';
import itLayout from './it/layout.json';
import itNewTicket from './it/new-ticket.json';
import itNotApplied from './it/not-applied.json';
import itStatementAvailable from './it/statement-available.json';
import itOfficialNoticeUnsendable from './it/official-notice-unsendable.json';
import itOfficialNotice from './it/official-notice.json';
import itPasswordReset from './it/password-reset.json';
import itPending from './it/pending.json';
import itPlanned from './it/planned.json';
import itReceived from './it/received.json';
import itRejected from './it/rejected.json';
import itRenewalNotice from './it/renewal-notice.json';
import itReopened from './it/reopened.json';
import itRetriaged from './it/retriaged.json';
import itSla from './it/sla.json';
import itSolved from './it/solved.json';
import itStatus from './it/status.json';
import itSupplierAssigned from './it/supplier-assigned.json';
import itSurvey from './it/survey.json';
import itTaken from './it/taken.json';
import itToTest from './it/to-test.json';
import enAccountInvite from './en/account-invite.json';
import enApplied from './en/applied.json';
import enApprovalRequested from './en/approval-requested.json';
import enApproved from './en/approved.json';
import enAssignedToYou from './en/assigned-to-you.json';
import enClosed from './en/closed.json';
import enClosedReply from './en/closed-reply.json';
import enDeleted from './en/deleted.json';
import enFollowup from './en/followup.json';
import enInboundRefused from './en/inbound-refused.json';
import enLayout from './en/layout.json';
import enNewTicket from './en/new-ticket.json';
import enNotApplied from './en/not-applied.json';
import enStatementAvailable from './en/statement-available.json';
import enOfficialNoticeUnsendable from './en/official-notice-unsendable.json';
import enOfficialNotice from './en/official-notice.json';
import enPasswordReset from './en/password-reset.json';
import enPending from './en/pending.json';
import enPlanned from './en/planned.json';
import enReceived from './en/received.json';
import enRejected from './en/rejected.json';
import enRenewalNotice from './en/renewal-notice.json';
import enReopened from './en/reopened.json';
import enRetriaged from './en/retriaged.json';
import enSla from './en/sla.json';
import enSolved from './en/solved.json';
import enStatus from './en/status.json';
import enSupplierAssigned from './en/supplier-assigned.json';
import enSurvey from './en/survey.json';
import enTaken from './en/taken.json';
import enToTest from './en/to-test.json';

const it = {
  'account-invite': itAccountInvite,
  'applied': itApplied,
  'approval-requested': itApprovalRequested,
  'approved': itApproved,
  'assigned-to-you': itAssignedToYou,
  'closed': itClosed,
  'closed-reply': itClosedReply,
  'deleted': itDeleted,
  'followup': itFollowup,
  'inbound-refused': itInboundRefused,
  'layout': itLayout,
  'new-ticket': itNewTicket,
  'not-applied': itNotApplied,
  'statement-available': itStatementAvailable,
  'official-notice-unsendable': itOfficialNoticeUnsendable,
  'official-notice': itOfficialNotice,
  'password-reset': itPasswordReset,
  'pending': itPending,
  'planned': itPlanned,
  'received': itReceived,
  'rejected': itRejected,
  'renewal-notice': itRenewalNotice,
  'reopened': itReopened,
  'retriaged': itRetriaged,
  'sla': itSla,
  'solved': itSolved,
  'status': itStatus,
  'supplier-assigned': itSupplierAssigned,
  'survey': itSurvey,
  'taken': itTaken,
  'to-test': itToTest,
};

/** The Italian texts are the reference: the English ones must have the same keys (tsc checks it). */
export type MailTexts = typeof it;

const en: MailTexts = {
  'account-invite': enAccountInvite,
  'applied': enApplied,
  'approval-requested': enApprovalRequested,
  'approved': enApproved,
  'assigned-to-you': enAssignedToYou,
  'closed': enClosed,
  'closed-reply': enClosedReply,
  'deleted': enDeleted,
  'followup': enFollowup,
  'inbound-refused': enInboundRefused,
  'layout': enLayout,
  'new-ticket': enNewTicket,
  'not-applied': enNotApplied,
  'statement-available': enStatementAvailable,
  'official-notice-unsendable': enOfficialNoticeUnsendable,
  'official-notice': enOfficialNotice,
  'password-reset': enPasswordReset,
  'pending': enPending,
  'planned': enPlanned,
  'received': enReceived,
  'rejected': enRejected,
  'renewal-notice': enRenewalNotice,
  'reopened': enReopened,
  'retriaged': enRetriaged,
  'sla': enSla,
  'solved': enSolved,
  'status': enStatus,
  'supplier-assigned': enSupplierAssigned,
  'survey': enSurvey,
  'taken': enTaken,
  'to-test': enToTest,
};

export type Lang = 'it' | 'en';
/** One namespace per mail kind (a file in it/ and en/), plus `layout`, what every mail shares. */
export type MailNamespace = keyof MailTexts;

/** The dotted keys of one namespace that lead to a string (`status.closed`, `reasons.empty`). */
type Paths<T> = {
  [K in keyof T & string]: T[K] extends string ? K : T[K] extends readonly unknown[] ? never : T[K] extends object ? `${K}.${Paths<T[K]>}` : never;
}[keyof T & string];
/** The keys of one namespace that hold a list of lines. */
type ListKeys<T> = { [K in keyof T & string]: T[K] extends readonly string[] ? K : never }[keyof T & string];

const i18n = i18next.createInstance();
// Synchronous: the resources are bundled, so the instance is ready when the module is loaded.
void i18n.init({
  resources: { it, en },
  lng: 'it',
  fallbackLng: 'it',
  ns: Object.keys(it),
  defaultNS: 'layout',
  initAsync: false,
  // The layout escapes every value for the HTML part; the text part must keep «<» as written.
  interpolation: { escapeValue: false },
  returnNull: false,
});

export type Vars = Record<string, string | number>;

/** One text of one mail kind in one language, with its {{placeholders}} filled. */
export function mailText<N extends MailNamespace>(lang: Lang, ns: N, key: Paths<MailTexts[N]>, vars: Vars = {}): string {
  return i18n.t(key, { lng: lang, ns, ...vars });
}

/** A list of lines (account mails). */
export function mailLines<N extends MailNamespace>(lang: Lang, ns: N, key: ListKeys<MailTexts[N]>, vars: Vars = {}): string[] {
  return i18n.t(key, { lng: lang, ns, returnObjects: true, ...vars }) as unknown as string[];
}

/** A label of the shared vocabulary (status, type, category, urgency); an unknown value is shown as it is. */
export function mailLabel(lang: Lang, group: 'status' | 'type' | 'category' | 'urgency', value: string): string {
  const key = `${group}.${value}`;
  return i18n.exists(key, { lng: lang, ns: 'layout' }) ? i18n.t(key, { lng: lang, ns: 'layout' }) : value;
}
