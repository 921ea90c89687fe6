import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Attachment, SignedFormCheck } from '@cit/shared';
import { Tenant } from '../tenancy/policy';
import { Ticket } from './ticket.entity';

@Entity({ name: 'ticket_attachments' })
@Tenant({ kind: 'child', parent: () => Ticket, via: 'ticketId' })
export class TicketAttachment {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'ticket_id', type: 'uuid' })
  ticketId!: string;

  @Column({ name: 'followup_id', type: 'uuid', nullable: true })
  followUpId!: string | null;

  @Column({ type: 'char', length: 64 })
  sha256!: string;

  @Column({ type: 'integer' })
  size!: number;

  @Column({ type: 'text' })
  mime!: string;

  @Column({ type: 'text' })
  kind!: Attachment['kind'];

  @Column({ name: 'file_name', type: 'text' })
  fileName!: string;

  /** Result of the signed-form check, for PDFs and .p7m files on activation/cancellation tickets. */
  @Column({ name: 'signed_form_check', type: 'jsonb', nullable: true })
  signedFormCheck!: SignedFormCheck | null;

  @Column({ name: 'uploaded_by', type: 'uuid' })
  uploadedBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** Set when GDPR retention deleted the content (personal-data/retention.ts); the row stays for the history. */
  @Column({ name: 'purged_at', type: 'timestamptz', nullable: true })
  purgedAt!: Date | null;
}
