// Validates docker-compose.yml with the real Compose parser, so `npm test` catches a broken stack file.
// CI installs docker-compose (.ci/run); on a developer machine without it the check is skipped with a notice.
import { spawnSync } from 'node:child_process';

const env = { ...process.env, POSTGRES_PASSWORD: 'check', SESSION_SECRET: 'x'.repeat(32), S3_SECRET_ACCESS_KEY: 'check-secret', METRICS_TOKEN: 'm'.repeat(32) };
const candidates = [['docker-compose'], ['docker', 'compose']];
for (const [cmd, ...pre] of candidates) {
  const probe = spawnSync(cmd, [...pre, 'version'], { encoding: 'utf8' });
  if (probe.status !== 0) continue;
  const run = spawnSync(cmd, [...pre, '-f', 'docker-compose.yml', 'config', '-q'], { encoding: 'utf8', env });
  if (run.status !== 0) {
    console.error(`docker-compose.yml non valido:\n${run.stderr || run.stdout}`);
    process.exit(1);
  }
  console.log(`docker-compose.yml valido (${[cmd, ...pre].join(' ')}).`);
  process.exit(0);
}
if (process.env.CI) {
  console.error('docker-compose non trovato: in CI serve per validare docker-compose.yml (apt-get install -y docker-compose).');
  process.exit(1);
}
console.warn('docker-compose non installato: controllo di docker-compose.yml saltato.');
