import { Foundation1764000000000 } from './1764000000000-Foundation';
import { Tickets1764100000000 } from './1764100000000-Tickets';
import { Services1764200000000 } from './1764200000000-Services';

/** Every migration, oldest first. A new migration is added here as well as in its own file. */
export const migrations = [Foundation1764000000000, Tickets1764100000000, Services1764200000000];
