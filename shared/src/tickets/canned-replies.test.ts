import { cannedReplyActions, cannedReplyValues, fillCannedReply, SaveCannedReplySchema } from './canned-replies';
import { parseProtocol } from './links';
import { BulkTicketRequestSchema } from './bulk';

const facts = {
  protocol: '2026/000123',
  requesterName: 'Maria Rossi',
  enteName: 'Comune di Alfa',
  serviceCode: 'pec',
  resolveDue: '2026-12-04T16:30:00.000Z',
};

describe('canned replies', () => {
  it('fills every placeholder from the ticket, with the SLA due time in Italian time and a four-digit year', () => {
    const values = cannedReplyValues(facts, 'Luca Bianchi');
    expect(values).toEqual({
      richiedente: 'Maria Rossi',
      ente: 'Comune di Alfa',
      protocollo: '2026/000123',
      servizio: 'Casella PEC',
      scadenza_sla: '04/12/2026 17:30',
      operatore: 'Luca Bianchi',
    });
    const text = 'Gentile {{richiedente}} ({{ente}}), per il ticket {{ protocollo }} su {{servizio}} risolviamo entro {{scadenza_sla}}. {{operatore}}';
    expect(fillCannedReply(text, values)).toBe(
      'Gentile Maria Rossi (Comune di Alfa), per il ticket 2026/000123 su Casella PEC risolviamo entro 04/12/2026 17:30. Luca Bianchi',
    );
  });

  it('leaves unknown placeholders as written and empties the ones the ticket lacks', () => {
    const values = cannedReplyValues({ ...facts, serviceCode: null, resolveDue: null }, 'Op');
    expect(fillCannedReply('{{servizio}}|{{scadenza_sla}}|{{sconosciuto}}|{{ente}}{{ente}}', values)).toBe('||{{sconosciuto}}|Comune di AlfaComune di Alfa');
  });

  it('turns the optional actions into ticket actions: group first, then the status with the text as reason or solution', () => {
    expect(cannedReplyActions({ setStatus: null, setGroup: null }, 'x')).toEqual([]);
    expect(cannedReplyActions({ setStatus: 'solved', setGroup: 'sistemisti' }, ' Fatto. ')).toEqual([
      { action: 'assign', group: 'sistemisti' },
      { action: 'solve', solution: 'Fatto.' },
    ]);
    expect(cannedReplyActions({ setStatus: 'pending', setGroup: null }, 'a'.repeat(3000))[0]).toEqual({ action: 'suspend', reason: 'a'.repeat(2000) });
    expect(cannedReplyActions({ setStatus: 'assigned', setGroup: null }, 'x')).toEqual([{ action: 'take_charge' }]);
  });

  it('validates what is saved, in Italian, naming the field', () => {
    expect(SaveCannedReplySchema.parse({ name: ' Saluto ', body: 'Ciao' })).toEqual({ name: 'Saluto', body: 'Ciao', shared: false, setStatus: null, setGroup: null });
    const bad = SaveCannedReplySchema.safeParse({ name: '', body: 'x', setStatus: 'closed' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path.join('.'))).toEqual(['name', 'setStatus']);
  });
});

describe('ticket references and bulk requests', () => {
  it('reads protocols as typed', () => {
    expect(parseProtocol('2026/000123')).toEqual({ year: 2026, number: 123 });
    expect(parseProtocol(' moone/55487 ')).toEqual({ year: 0, number: 55487 });
    expect(parseProtocol('6f1c2d3e-0000-4000-8000-000000000000')).toBeNull();
  });

  it('refuses an empty selection, a repeated ticket and more than 500', () => {
    const id = '6f1c2d3e-0000-4000-8000-000000000000';
    const op = { kind: 'action', request: { action: 'close' } };
    expect(BulkTicketRequestSchema.safeParse({ ticketIds: [], operation: op }).success).toBe(false);
    expect(BulkTicketRequestSchema.safeParse({ ticketIds: [id, id], operation: op }).success).toBe(false);
    const many = Array.from({ length: 501 }, (_, i) => `6f1c2d3e-0000-4000-8000-${String(i).padStart(12, '0')}`);
    expect(BulkTicketRequestSchema.safeParse({ ticketIds: many, operation: op }).success).toBe(false);
    expect(BulkTicketRequestSchema.safeParse({ ticketIds: many.slice(0, 500), operation: op }).success).toBe(true);
  });
});
