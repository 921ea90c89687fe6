// Node-side entry `@cit/shared/holidays`: kept out of the main index so the browser bundle never includes
// date-holidays (rules for every country, over 1 MB).
import { useDateHolidays } from './sla/date-holidays';

useDateHolidays();

export { dateHolidaysProvider, namedPublicHolidays, useDateHolidays } from './sla/date-holidays';
