/** DOM ids of an Ente's name in the table (tablet/desktop) and in the card list (phones). */
export const enteRowId = (id: string) => `ente-${id}`;
export const enteCardId = (id: string) => `ente-card-${id}`;

/** Focuses the Ente's name in whichever of the two layouts is displayed. */
export function focusEnte(id: string): void {
  const target = [enteRowId(id), enteCardId(id)]
    .map((elementId) => document.getElementById(elementId))
    .find((element) => element !== null && element.getClientRects().length > 0);
  target?.focus();
}
