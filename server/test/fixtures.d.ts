import type { DataSource } from 'typeorm';
import { type EnteKind, type Role } from '@cit/shared';
export declare const PASSWORD = "Password-di-prova-1";
export declare function createEnte(ds: DataSource, name: string, kind?: EnteKind, capofilaId?: string | null): Promise<string>;
export declare function createUser(ds: DataSource, email: string, role: Role, links?: {
    enti?: string[];
    supplierId?: string;
}): Promise<string>;
/** Two unrelated Comuni, an Unione with two members, an outsider, and one user for each role. */
export declare function tenantWorld(ds: DataSource): Promise<{
    enteA: string;
    enteB: string;
    unione: string;
    member1: string;
    member2: string;
    users: {
        userA: string;
        userB: string;
        capofila: string;
        member: string;
        operator: string;
        admin: string;
        supplier: string;
    };
}>;
