import type { TFunction } from 'i18next';
import type { TimelineEntry } from '@cit/shared';

type HistoryEntry = Extract<TimelineEntry, { kind: 'history' }>;

/** The history lines written by routing rules and re-triage; undefined for any other field. */
export function triageHistoryText(e: HistoryEntry, t: TFunction): string | undefined {
  switch (e.field) {
    case 'routing_rule':
      return t('history.routingRule', { name: e.to ?? '' });
    case 'labels':
      return t('history.labels', { labels: e.to ?? '' });
    case 'urgency':
      return t('history.urgency', { from: e.from ? t(`urgency.${e.from}`, { defaultValue: e.from }) : '–', to: e.to ? t(`urgency.${e.to}`, { defaultValue: e.to }) : '–' });
    case 'type':
      return t('history.type', { to: e.to ? t(`ticketType.${e.to}`, { defaultValue: e.to }) : '–' });
    case 'category':
      return t('history.category', { to: e.to ? t(`ticketCategory.${e.to}`, { defaultValue: e.to }) : '–' });
    case 'service':
      return t('history.service', { to: e.to ?? '–' });
    case 'ente':
      return t('history.ente');
    case 'retriage_reason':
      return t('history.retriageReason', { reason: e.to ?? '' });
    default:
      return undefined;
  }
}
