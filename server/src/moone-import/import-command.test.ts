import { parseImportArgs } from './import-command';

describe('npm run import -- moone …', () => {
  it('reads the options', () => {
    expect(parseImportArgs(['moone', '--from', 'mysql://u:p@db:3306/glpi', '--documents', '/srv/glpi/files', '--dry-run', '--since', '2026-11-20'])).toEqual({
      source: 'moone',
      from: 'mysql://u:p@db:3306/glpi',
      documents: '/srv/glpi/files',
      dryRun: true,
      since: '2026-11-20',
      report: 'import-reports',
    });
  });

  it.each([
    [['softwarecit', '--from', 'mysql://u@h/glpi'], /sorgente sconosciuta/],
    [['moone'], /--from manca/],
    [['moone', '--from', 'postgres://u@h/glpi'], /mysql:\/\//],
    [['moone', '--from', 'mysql://u@h/glpi', '--since', '20/11/2026'], /--since deve essere una data AAAA-MM-GG/],
    [['moone', '--from', 'mysql://u@h/glpi', '--since', '2026-02-31x'], /--since/],
  ])('refuses %j with a message naming the option', (argv, message) => {
    expect(() => parseImportArgs(argv)).toThrow(message);
  });
});
