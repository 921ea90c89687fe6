import { kbDraftFromTicket, withoutPersonalData } from './kb-draft';

describe('kb drafts from a ticket', () => {
  it('hides contact data and the names of the people in the ticket', () => {
    const text = 'Scrivere a mario.rossi@comune.alfa.it o alla PEC protocollo@pec.alfa.it, tel. +39 030 1234567, CF RSSMRA80A01B157Y, IBAN IT60X0542811101000000123456. Grazie, Mario Rossi (Mario)';
    expect(withoutPersonalData(text, ['Mario Rossi', 'Mario', '—'])).toBe(
      'Scrivere a [e-mail] o alla PEC [e-mail], tel. [telefono], CF [codice fiscale], IBAN [IBAN]. Grazie, [nome] ([nome])',
    );
    // Dates, amounts, ticket numbers and words containing a name stay.
    expect(withoutPersonalData('Il 31/03/2026 pagati 1.250,00 euro (ticket 2026/000123); Marione', ['Mario'])).toBe('Il 31/03/2026 pagati 1.250,00 euro (ticket 2026/000123); Marione');
  });

  it('puts the request, the public replies and the solution in sections', () => {
    const draft = kbDraftFromTicket({
      title: ' PEC non riceve ',
      description: 'La casella di anna@alfa.it non riceve.',
      solution: 'Svuotata la casella.',
      replies: ['Verifichi lo spazio occupato.', '  ', 'Grazie, Anna Bianchi'],
      names: ['Anna Bianchi'],
    });
    expect(draft.title).toBe('PEC non riceve');
    expect(draft.body).toBe(
      '## Richiesta\n\nLa casella di [e-mail] non riceve.\n\n## Risposte\n\nVerifichi lo spazio occupato.\n\n---\n\nGrazie, [nome]\n\n## Soluzione\n\nSvuotata la casella.',
    );
    expect(kbDraftFromTicket({ title: 'x'.repeat(300), description: 'd', solution: null, replies: [], names: [] }).title).toHaveLength(200);
  });
});
