// Row shapes shared with other modules' repositories (types only, no SQL).
import type { Selectable } from 'kysely';
import type { IncidentsTable } from '../../db/schema';

/** The areas a point (an incident) lies in, one column per level, as the database computes them. */
export type AreaIdColumns = Pick<
  Selectable<IncidentsTable>,
  'county_id' | 'district_id' | 'station_id' | 'police_grid_id' | 'resp_zone_id' | 'community_id' | 'grid_id'
>;
