import { Column, CreateDateColumn, Entity, JoinColumn, JoinTable, ManyToMany, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Language, Role } from '@cit/shared';
import { Tenant } from '../tenancy/policy';
import { Ente } from '../enti/ente.entity';
import { Supplier } from '../suppliers/supplier.entity';

@Entity({ name: 'users' })
@Tenant({ kind: 'internal' })
export class User {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Always stored lower-case; unique. */
  @Column({ type: 'text' })
  email!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  role!: Role;

  @Column({ type: 'text', default: 'it' })
  language!: Language;

  /** argon2id; null until the user sets a password through the invitation link. */
  @Column({ name: 'password_hash', type: 'text', nullable: true, select: false })
  passwordHash!: string | null;

  /** The person's codice fiscale (16 characters, upper-case): SPID/CIE logins and signed forms are matched by it. */
  @Column({ name: 'fiscal_code', type: 'char', length: 16, nullable: true })
  fiscalCode!: string | null;

  @Column({ name: 'supplier_id', type: 'uuid', nullable: true })
  supplierId!: string | null;

  @ManyToOne(() => Supplier, { nullable: true })
  @JoinColumn({ name: 'supplier_id' })
  supplier?: Supplier | null;

  /** Ente links: the user's own Ente (ente_user) or the capofila it acts for (capofila_user). */
  @ManyToMany(() => Ente)
  @JoinTable({ name: 'user_enti', joinColumn: { name: 'user_id' }, inverseJoinColumn: { name: 'ente_id' } })
  enti?: Ente[];

  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt!: Date | null;

  @Column({ name: 'last_login_at', type: 'timestamptz', nullable: true })
  lastLoginAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
