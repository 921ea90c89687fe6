import type { Role } from '@cit/shared';

/** Documented in the README: every demo account uses this password. */
export const DEMO_PASSWORD = 'CitDemo2026!';

/**
 * Documented in the README: the demo admin and approver (whose role requires a second factor) have an
 * authenticator already enrolled with this secret, so the demo starts without a phone (any TOTP app, or
 * `oathtool --totp -b <secret>`). The tests' accounts use it too, and their helpers compute the codes.
 */
export const DEMO_TOTP_SECRET = 'CITDEMOBRESCIATOTPSECRETKEY23456';

export interface DemoUser {
  email: string;
  name: string;
  role: Role;
  /** Name of the linked Ente (ente_user, capofila_user). */
  ente?: string;
  /** Name of the supplier (supplier_user). */
  supplier?: string;
}

export const DEMO_SUPPLIERS = [
  { name: 'Aruba PEC S.p.A.', vatNumber: '01879020517', email: 'assistenza.enti@arubapec.example', phone: '0575 0504' },
  { name: 'InfoCert S.p.A.', vatNumber: '07945211006', email: 'supporto.pa@infocert.example', phone: '06 836691' },
  { name: 'Maggioli S.p.A.', vatNumber: '02066400405', email: 'assistenza.pagopa@maggioli.example', phone: '0541 628111' },
  { name: 'InfoCamere S.C.p.A.', vatNumber: '02313821007', email: 'telemaco@infocamere.example', phone: '049 8288111' },
] as const;

export const DEMO_USERS: readonly DemoUser[] = [
  { email: 'referente.coccaglio@enti.example', name: 'Franco Claretti', role: 'ente_user', ente: 'Comune di Coccaglio' },
  { email: 'admin@cit.example', name: 'Coordinatore CIT', role: 'admin' },
  { email: 'operatore@cit.example', name: 'Giulia Ferrari', role: 'operator' },
  { email: 'amministrazione@cit.example', name: 'Paolo Bonetti', role: 'approver' },
  { email: 'fornitore@arubapec.example', name: 'Supporto PEC', role: 'supplier_user', supplier: 'Aruba PEC S.p.A.' },
];
