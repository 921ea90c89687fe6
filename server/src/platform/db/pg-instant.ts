/** PostgreSQL reads ISO instants, but not the sign JavaScript puts before years past 9999 (NO_DUE, "no clock running"). */
export const pgInstant = (d: Date | null): string | null => {
  const s = d?.toISOString() ?? null;
  return s?.startsWith('+') ? s.slice(1) : s;
};
