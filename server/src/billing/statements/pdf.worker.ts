import { renderStatementPdf, type StatementDocument } from './pdf';

/** Entry point of the render threads (see render-pool.ts): one statement in, its PDF out. */
export function render(doc: StatementDocument): Promise<Buffer> {
  return renderStatementPdf(doc);
}
