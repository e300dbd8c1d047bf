// Pure helpers of the registry page (tested in helpers.test.ts).

export interface HouseLike {
  residents: { leftOn: string | null; status: string }[];
}

/** Residents living at a house now: those who have not left this house and whose record is not merged away. */
export function currentResidents<T extends HouseLike['residents'][number]>(residents: readonly T[]): T[] {
  return residents.filter((r) => r.leftOn === null && r.status !== 'merged');
}

/** People living at an address now (the number beside 实有房屋), counted per house. */
export function peopleAt(houses: readonly HouseLike[]): number {
  return houses.reduce((n, h) => n + currentResidents(h.residents).length, 0);
}

/** Today as YYYY-MM-DD in local time (dates of arrival and leaving). */
export function localDay(d = new Date()): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
