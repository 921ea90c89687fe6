import type { ZodOpenApiPathsObject } from 'zod-openapi';
import type { DataSource } from 'typeorm';
import { AuditListSchema, AuditQuerySchema, rolesFor } from '@cit/shared';
import { ApiRouter } from '../platform/http/api-router';
import { searchAudit } from './audit-log.repository';

/** The audit log of master data, read-only: there is no route that writes or deletes an entry. */
export function auditRoutes(paths: ZodOpenApiPathsObject, ds: DataSource): ApiRouter {
  return new ApiRouter('/api/admin/audit', 'Registro modifiche', paths).get(
    '/',
    {
      summary: 'Registro delle modifiche ai dati anagrafici, dal più recente',
      description:
        'Chi ha cambiato Enti, abitanti, adesioni, listini, calendario, utenti e obiettivi SLA, quando, da quale indirizzo, con i dati prima e dopo; anche gli scaricamenti dei moduli firmati e dei documenti d’identità delle richieste. Filtri per archivio, record, utente e giorni (ora italiana). Le voci non si modificano e si conservano almeno 5 anni.',
      access: rolesFor('audit.read'),
      query: AuditQuerySchema,
      response: AuditListSchema,
    },
    ({ query }) => searchAudit(ds, query),
  );
}
