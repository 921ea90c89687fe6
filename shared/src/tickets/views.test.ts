import { BUILT_IN_VIEWS, CreateSavedViewSchema, DEFAULT_TICKET_COLUMNS, sameView, ViewDefinitionSchema } from './views';

describe('saved view definitions', () => {
  it('fills the default columns and keeps the filters', () => {
    const parsed = ViewDefinitionSchema.parse({ filters: { status: 'open', urgency: 'high' }, sort: 'updated' });
    expect(parsed).toEqual({ filters: { status: 'open', urgency: 'high' }, sort: 'updated', columns: [...DEFAULT_TICKET_COLUMNS] });
  });

  it.each([
    [{ filters: { status: 'chiuso' } }, 'filters.status'],
    [{ filters: {} }, 'filters.status'],
    [{ filters: { status: 'open', colour: 'red' } }, 'filters'],
    [{ filters: { status: 'open' }, sort: 'title' }, 'sort'],
    [{ filters: { status: 'open' }, columns: ['ente', 'ente'] }, 'columns'],
    [{ filters: { status: 'open' }, columns: ['price'] }, 'columns.0'],
    [{ filters: { status: 'open', q: 'x' } }, 'filters.q'],
  ])('refuses %j naming %s', (definition, path) => {
    const result = ViewDefinitionSchema.safeParse(definition);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain(path);
  });

  it('needs a name of 1 to 80 characters', () => {
    const definition = { filters: { status: 'open' } };
    expect(CreateSavedViewSchema.safeParse({ name: '  ', definition }).error?.issues[0]?.path).toEqual(['name']);
    expect(CreateSavedViewSchema.safeParse({ name: 'x'.repeat(81), definition }).error?.issues[0]?.message).toBe('Nome: al massimo 80 caratteri');
    expect(CreateSavedViewSchema.parse({ name: ' Urgenti ', definition }).name).toBe('Urgenti');
  });

  it('compares views by content, whatever the order of the columns and absent versus empty filters', () => {
    const open = BUILT_IN_VIEWS.open;
    expect(sameView(open, { filters: { status: 'open', q: undefined }, columns: [...DEFAULT_TICKET_COLUMNS].reverse() })).toBe(true);
    expect(sameView(open, BUILT_IN_VIEWS.mine)).toBe(false);
    expect(sameView(open, { ...open, sort: 'newest' })).toBe(false);
    expect(sameView(open, { ...open, columns: ['ente'] })).toBe(false);
  });
});
