"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.TEST_REDIS_URL = exports.ADMIN_URL = void 0;
exports.databaseUrl = databaseUrl;
exports.withAdmin = withAdmin;
exports.dropDatabase = dropDatabase;
const pg_1 = require("pg");
/** Admin connection used to create and drop the per-run databases (never the product's own database). */
exports.ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
exports.TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
function databaseUrl(name) {
    const url = new URL(exports.ADMIN_URL);
    url.pathname = `/${name}`;
    return url.toString();
}
async function withAdmin(fn) {
    const client = new pg_1.Client({ connectionString: exports.ADMIN_URL });
    await client.connect();
    try {
        return await fn(client);
    }
    finally {
        await client.end();
    }
}
async function dropDatabase(client, name) {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}
//# sourceMappingURL=test-db.js.map