import type { EntityManager } from 'typeorm';
import { formRequirement, type ApprovalDecision, type FormRequirement, type TicketCategory } from '@cit/shared';
import { AppError } from '../platform/http/errors';
import type { StoredFile } from '../tickets/attachments/ticket-files';
import { formFilesOf } from './service-requests.repository';

/** A ticket-creation refusal names the field, so the wizard puts the message next to the upload. */
function refusal(status: number, code: string, message: string, requirement: FormRequirement): AppError {
  return new AppError(status, code, `${message} ${requirement.problems.join(' ')}`.trim(), {
    fields: [{ path: 'attachments', message: requirement.problems[0] ?? requirement.message }],
    requirement,
  });
}

/**
 * Activation and cancellation need a signed form that passes the rule (shared `formRequirement`); called by
 * ticket creation after the files are checked and before anything is written.
 */
export function requireSignedForm(category: TicketCategory, stored: readonly StoredFile[]): void {
  if (category === 'assistance') return;
  const requirement = formRequirement(stored.map((s) => ({ fileName: s.file.fileName, kind: s.file.sniff.kind, check: s.check })));
  if (!requirement.passes) throw refusal(400, 'signed_form_required', 'La richiesta non può essere inviata senza un modulo firmato valido.', requirement);
}

/**
 * The approval re-checks the rule on every file of the ticket (an identity document may have come later). A
 * failing form blocks the approval unless the approver overrides it with a written reason: the history lines
 * returned keep who, when and why.
 */
export async function formCheckForApproval(
  tx: EntityManager,
  ticketId: string,
  decision: ApprovalDecision,
): Promise<Array<{ field: string; from: string | null; to: string | null }>> {
  if (decision.decision !== 'approve') return [];
  const requirement = formRequirement(await formFilesOf(tx, ticketId));
  if (requirement.passes) return [];
  if (!decision.override || !decision.overrideReason) {
    throw new AppError(
      409,
      'signed_form_not_valid',
      `Il modulo di richiesta non supera il controllo: ${requirement.problems.join(' ')} Per approvare comunque serve una deroga motivata.`,
      { requirement, fields: [{ path: 'override', message: requirement.message }] },
    );
  }
  return [{ field: 'approval_override', from: requirement.outcome, to: decision.overrideReason }];
}
