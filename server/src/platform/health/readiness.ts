import type { DataSource } from 'typeorm';

/**
 * What "ready to take traffic" needs beyond being alive: the schema is migrated, the demo data (when `npm start`
 * loads it) is in place, and the process is not draining. A load balancer sends traffic only to ready processes.
 */
export class ReadinessState {
  /** Set by `npm start` while it loads the demo data: a login before that would be refused as wrong credentials. */
  seeding = false;
  /** Set when the process begins to stop: no new sockets, /api/ready 503, in-flight work finishes. */
  draining = false;
  private migrated = false;

  constructor(private readonly ds: DataSource) {}

  /** True once no migration is pending (remembered: migrations never become pending again in a running process). */
  async migrationsDone(): Promise<boolean> {
    if (!this.migrated) this.migrated = !(await this.ds.showMigrations());
    return this.migrated;
  }
}
