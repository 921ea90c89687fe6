import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { type Runtime } from '../src/runtime';
export interface TestEnv extends Runtime {
    dbName: string;
    /** A fresh cookie-keeping client for the running server. */
    agent: () => TestAgent;
    /** A client signed in as `email`, with the CSRF token to send on writes. */
    signIn: (email: string, password: string) => Promise<SignedIn>;
    close: () => Promise<void>;
}
export interface SignedIn {
    agent: TestAgent;
    csrfToken: string;
    post: (path: string, body?: object) => request.Test;
}
/** A running server on its own database, cloned from the run's migrated template. */
export declare function startTestEnv(overrides?: Record<string, string>): Promise<TestEnv>;
