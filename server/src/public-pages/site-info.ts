import { readFileSync } from 'node:fs';
import { SiteInfoSchema, type SiteInfo } from '@cit/shared';
import { DEFAULT_SITE_INFO } from './site-info.defaults';

const OverridesSchema = SiteInfoSchema.extend({ contacts: SiteInfoSchema.shape.contacts.partial() }).partial().strict();

/**
 * The texts of the public pages: the defaults, overridden field by field by the CIT's JSON file. Read once at
 * start; a file that cannot be read or does not match fails the start with the field named, rather than
 * publishing a half-configured privacy notice.
 */
export function loadSiteInfo(file: string | undefined): SiteInfo {
  if (!file) return DEFAULT_SITE_INFO;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`SITE_INFO_FILE: impossibile leggere ${file} come JSON (${(error as Error).message})`, { cause: error });
  }
  const parsed = OverridesSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`SITE_INFO_FILE: ${file}, campo «${issue?.path.join('.') || '(radice)'}»: ${issue?.message ?? 'non valido'}`);
  }
  const { contacts, ...rest } = parsed.data;
  return { ...DEFAULT_SITE_INFO, ...rest, contacts: { ...DEFAULT_SITE_INFO.contacts, ...contacts } };
}
