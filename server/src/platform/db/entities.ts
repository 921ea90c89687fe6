import { User } from '../../auth/user.entity';
import { ConventionPeriod } from '../../enti/convention-period.entity';
import { Ente } from '../../enti/ente.entity';
import { Membership } from '../../enti/membership.entity';
import { EntePopulation } from '../../enti/population.entity';
import { Supplier } from '../../suppliers/supplier.entity';

/** Every entity of the product; each domain module adds its own here. */
export const entities = [Ente, EntePopulation, ConventionPeriod, Membership, Supplier, User];
