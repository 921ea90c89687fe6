import { Client } from 'pg';
/** Admin connection used to create and drop the per-run databases (never the product's own database). */
export declare const ADMIN_URL: string;
export declare const TEST_REDIS_URL: string;
export declare function databaseUrl(name: string): string;
export declare function withAdmin<T>(fn: (client: Client) => Promise<T>): Promise<T>;
export declare function dropDatabase(client: Client, name: string): Promise<void>;
