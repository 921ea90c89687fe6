import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Tenant } from '../tenancy/policy';

/** A technology partner ("fornitore di competenza") that tickets can be assigned to. */
@Entity({ name: 'suppliers' })
@Tenant({ kind: 'reference' })
export class Supplier {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'vat_number', type: 'char', length: 11, nullable: true })
  vatNumber!: string | null;

  @Column({ type: 'text', nullable: true })
  email!: string | null;

  @Column({ type: 'text', nullable: true })
  phone!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
