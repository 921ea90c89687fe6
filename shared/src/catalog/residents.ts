import { BusinessRuleError } from '../errors';

/**
 * Who an Ente is and which residents the rules read, as far as a missing figure has to be explained: the figures
 * are those at 31 December of `residentsYear` (the year priced − 1); `residents` is null when that year is not on
 * file. Nothing falls back to an older year: a band chosen on stale figures bills the wrong amount in silence.
 */
export interface ResidentsFacts {
  residents: number | null;
  /** The Ente's name ("Comune di Coccaglio"), for the refusal. */
  name?: string;
  /** 31 December of this year: the figures the rule names. */
  residentsYear?: number;
}

/** What the missing figure stops: the membership quota, or the prices and allowances of services. */
export type ResidentsPurpose = 'quota' | 'prices';

/** A rule needs the residents of a year the CIT has not recorded yet (BusinessRuleError: the caller reports it, nothing is written). */
export class MissingResidentsError extends BusinessRuleError {
  constructor(
    readonly enteName: string | null,
    readonly asOfYear: number | null,
    purpose: ResidentsPurpose,
  ) {
    const when = asOfYear === null ? "al 31/12 dell'anno precedente" : `al 31/12/${asOfYear}`;
    const who = enteName === null ? "dell'Ente" : `del ${enteName}`;
    const what = purpose === 'quota' ? 'la quota' : 'importi e franchigie';
    const forYear = asOfYear === null ? '' : ` ${asOfYear + 1}`;
    super(`Mancano gli abitanti ${when} ${who}: inseriscili in Amministrazione → Enti prima di calcolare ${what}${forYear}.`, 'residents');
    this.name = 'MissingResidentsError';
  }
}

export function isMissingResidentsError(err: unknown): err is MissingResidentsError {
  return err instanceof MissingResidentsError;
}

/** The residents a rule is about to use, or the refusal naming the Ente and the year. */
export function residentsOf(ente: ResidentsFacts, purpose: ResidentsPurpose): number {
  if (ente.residents === null) throw new MissingResidentsError(ente.name ?? null, ente.residentsYear ?? null, purpose);
  return ente.residents;
}
