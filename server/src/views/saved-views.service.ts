import type { DataSource } from 'typeorm';
import type { CreateSavedView, SavedView, SavedViewList, UpdateSavedView } from '@cit/shared';
import { AppError, fieldError, isUniqueViolation, notFound } from '../platform/http/errors';
import { deleteView, insertView, listViews, readView, updateView } from './saved-views.repository';

/** The database refused a row because the foreign key `constraint` names no row. */
function isForeignKeyViolation(err: unknown, constraint: string): boolean {
  const driver = (typeof err === 'object' && err !== null && (err as { driverError?: unknown }).driverError) || err;
  const e = driver as { code?: unknown; constraint?: unknown } | null;
  return e?.code === '23503' && e.constraint === constraint;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const WHAT = 'La vista';

/**
 * Saved views of the ticket queue. Each operator changes only their own; a shared view is readable by all the CIT
 * staff, or by the members of one support group when shared with it. A view the caller may not read answers 404,
 * as if it did not exist.
 */
export class SavedViewsService {
  constructor(private readonly ds: DataSource) {}

  async list(me: string): Promise<SavedViewList> {
    return { items: await listViews(this.ds, me) };
  }

  async create(me: string, input: CreateSavedView): Promise<SavedView> {
    const id = await this.unique(() => insertView(this.ds, me, input));
    return this.visible(id, me);
  }

  async update(me: string, id: string, input: UpdateSavedView): Promise<SavedView> {
    const { version, ...patch } = input;
    const changed = UUID.test(id) && (await this.unique(() => updateView(this.ds, id, me, version, patch)));
    if (changed) return this.visible(id, me);
    const current = await this.owned(id, me);
    throw new AppError(409, 'stale_version', 'La vista è stata modificata dopo che l’ha aperta (forse in un’altra scheda): ricarichi la pagina e ripeta la modifica.', {
      current,
      changedBy: current.owner,
      changedAt: current.updatedAt,
    });
  }

  async remove(me: string, id: string): Promise<void> {
    if (UUID.test(id) && (await deleteView(this.ds, id, me))) return;
    await this.owned(id, me);
  }

  /** The view if the caller may read it, else 404. */
  private async visible(id: string, me: string): Promise<SavedView> {
    const found = UUID.test(id) ? await readView(this.ds, id, me) : undefined;
    if (!found || !(found.view.mine || (found.view.shared && found.reader))) throw notFound(WHAT);
    return found.view;
  }

  /** The view if the caller owns it: 404 when they cannot see it, 403 when they see it shared by someone else. */
  private async owned(id: string, me: string): Promise<SavedView> {
    const view = await this.visible(id, me);
    if (!view.mine) throw new AppError(403, 'forbidden', `Solo chi ha creato la vista «${view.name}» (${view.owner.name}) può modificarla o eliminarla.`);
    return view;
  }

  /** A second view with the same name (case aside) is refused on the name field. */
  private async unique<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (err) {
      if (isUniqueViolation(err, 'saved_views_owner_name_key')) throw fieldError('name', 'Ha già una vista con questo nome.');
      if (isForeignKeyViolation(err, 'saved_views_group_key_fkey')) throw fieldError('groupKey', 'Gruppo sconosciuto.');
      throw err;
    }
  }
}
