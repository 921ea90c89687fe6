import { Foundation1764000000000 } from './1764000000000-Foundation';
import { Tickets1764100000000 } from './1764100000000-Tickets';
import { Services1764200000000 } from './1764200000000-Services';
import { Notifications1764300000000 } from './1764300000000-Notifications';
import { Billing1764400000000 } from './1764400000000-Billing';
import { Accounts1764500000000 } from './1764500000000-Accounts';
import { ServiceUnits1764600000000 } from './1764600000000-ServiceUnits';
import { TicketStatusCounts1764700000000 } from './1764700000000-TicketStatusCounts';
import { TicketStatusTotals1764800000000 } from './1764800000000-TicketStatusTotals';
import { ApplyFailures1765100000000 } from './1765100000000-ApplyFailures';
import { RenewalOutcome1765200000000 } from './1765200000000-RenewalOutcome';
import { BillingAccounting1765300000000 } from './1765300000000-BillingAccounting';
import { AuditLog1765400000000 } from './1765400000000-AuditLog';
import { EntiMasterData1765500000000 } from './1765500000000-EntiMasterData';
import { PopulationMemberships1765600000000 } from './1765600000000-PopulationMemberships';
import { PriceListVersions1765700000000 } from './1765700000000-PriceListVersions';
import { SupportCalendar1765800000000 } from './1765800000000-SupportCalendar';
import { MoOneImport1766000000000 } from './1766000000000-MoOneImport';
import { SavedViews1766200000000 } from './1766200000000-SavedViews';
import { SoftwareCitImport1766300000000 } from './1766300000000-SoftwareCitImport';
import { SupportGroupsRouting1766400000000 } from './1766400000000-SupportGroupsRouting';
import { CannedRepliesLinks1766500000000 } from './1766500000000-CannedRepliesLinks';
import { TicketToTest1766600000000 } from './1766600000000-TicketToTest';
import { AppNotifications1766610000000 } from './1766610000000-AppNotifications';
import { ThrottleAndSessions1766800000000 } from './1766800000000-ThrottleAndSessions';
import { PersonalData1766810000000 } from './1766810000000-PersonalData';
import { StatementBalance1766900000000 } from './1766900000000-StatementBalance';
import { UserFiscalCode1767000000000 } from './1767000000000-UserFiscalCode';
import { SecondFactor1767400000000 } from './1767400000000-SecondFactor';
import { EnteSignatories1767500000000 } from './1767500000000-EnteSignatories';
import { Mailboxes1767600000000 } from './1767600000000-Mailboxes';
import { Announcements1767800000000 } from './1767800000000-Announcements';
import { OutboxStaysCheap1767900000000 } from './1767900000000-OutboxStaysCheap';
import { KnowledgeBase1768000000000 } from './1768000000000-KnowledgeBase';
import { AuditedEntitiesUnion1768100000000 } from './1768100000000-AuditedEntitiesUnion';
import { DocumentDownloadsAudited1768200000000 } from './1768200000000-DocumentDownloadsAudited';
import { TotpSecretsSealed1768210000000 } from './1768210000000-TotpSecretsSealed';
import { MembershipSignerFiscalCode1768220000000 } from './1768220000000-MembershipSignerFiscalCode';
import { OfficialNotices1768300000000 } from './1768300000000-OfficialNotices';
import { ReportRollups1768400000000 } from './1768400000000-ReportRollups';
import { KbDrafts1768500000000 } from './1768500000000-KbDrafts';

/** Every migration, oldest first. A new migration is added here as well as in its own file. */
export const migrations = [
  Foundation1764000000000,
  Tickets1764100000000,
  Services1764200000000,
  Notifications1764300000000,
  Billing1764400000000,
  Accounts1764500000000,
  ServiceUnits1764600000000,
  TicketStatusCounts1764700000000,
  TicketStatusTotals1764800000000,
  ApplyFailures1765100000000,
  RenewalOutcome1765200000000,
  BillingAccounting1765300000000,
  AuditLog1765400000000,
  EntiMasterData1765500000000,
  PopulationMemberships1765600000000,
  PriceListVersions1765700000000,
  SupportCalendar1765800000000,
  MoOneImport1766000000000,
  SavedViews1766200000000,
  SoftwareCitImport1766300000000,
  SupportGroupsRouting1766400000000,
  CannedRepliesLinks1766500000000,
  TicketToTest1766600000000,
  AppNotifications1766610000000,
  ThrottleAndSessions1766800000000,
  PersonalData1766810000000,
  StatementBalance1766900000000,
  UserFiscalCode1767000000000,
  SecondFactor1767400000000,
  EnteSignatories1767500000000,
  Mailboxes1767600000000,
  Announcements1767800000000,
  OutboxStaysCheap1767900000000,
  KnowledgeBase1768000000000,
  AuditedEntitiesUnion1768100000000,
  DocumentDownloadsAudited1768200000000,
  TotpSecretsSealed1768210000000,
  MembershipSignerFiscalCode1768220000000,
  OfficialNotices1768300000000,
  ReportRollups1768400000000,
  KbDrafts1768500000000,
];
