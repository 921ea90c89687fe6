"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.startTestEnv = startTestEnv;
const node_crypto_1 = require("node:crypto");
const supertest_1 = __importDefault(require("supertest"));
const shared_1 = require("@cit/shared");
const config_1 = require("../src/config");
const runtime_1 = require("../src/runtime");
const logger_1 = require("../src/platform/logger");
const test_db_1 = require("./test-db");
/** A running server on its own database, cloned from the run's migrated template. */
async function startTestEnv(overrides = {}) {
    const runId = process.env.CIT_TEST_RUN_ID;
    const template = process.env.CIT_TEST_TEMPLATE_DB;
    if (!runId || !template)
        throw new Error('jest globalSetup did not run');
    // Jest re-evaluates this module for every test file, so the suffix must not rely on module state.
    const dbName = `cit_test_${runId}_${process.env.JEST_WORKER_ID ?? '0'}_${(0, node_crypto_1.randomBytes)(4).toString('hex')}`;
    await (0, test_db_1.withAdmin)((admin) => admin.query(`CREATE DATABASE "${dbName}" TEMPLATE "${template}"`));
    const config = (0, config_1.loadConfig)({
        NODE_ENV: 'test',
        HOST: '127.0.0.1',
        PORT: '0',
        DATABASE_URL: (0, test_db_1.databaseUrl)(dbName),
        DATABASE_POOL_SIZE: '5',
        REDIS_URL: test_db_1.TEST_REDIS_URL,
        REDIS_PREFIX: `test_${dbName}`,
        SESSION_SECRET: (0, node_crypto_1.randomBytes)(32).toString('hex'),
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
        SERVE_CLIENT: 'false',
        ...overrides,
    });
    const runtime = await (0, runtime_1.startServer)(config, { logger: (0, logger_1.createLogger)(config.LOG_LEVEL) });
    const agent = () => supertest_1.default.agent(runtime.server);
    return {
        ...runtime,
        dbName,
        agent,
        signIn: async (email, password) => {
            const a = agent();
            const csrf = await a.get('/api/auth/csrf').expect(200);
            const res = await a
                .post('/api/auth/login')
                .set(shared_1.CSRF_HEADER, csrf.body.csrfToken)
                .send({ email, password });
            if (res.status !== 200)
                throw new Error(`login of ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
            const csrfToken = res.body.csrfToken;
            return { agent: a, csrfToken, post: (path, body = {}) => a.post(path).set(shared_1.CSRF_HEADER, csrfToken).send(body) };
        },
        close: async () => {
            await runtime.stop();
            await (0, test_db_1.withAdmin)((admin) => (0, test_db_1.dropDatabase)(admin, dbName));
        },
    };
}
//# sourceMappingURL=harness.js.map