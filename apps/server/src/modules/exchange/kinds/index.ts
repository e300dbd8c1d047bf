// The kinds of the Excel exchange: their columns (Chinese headers, the rule of each for the 说明 sheet), how a row
// becomes the body of the administration's own service call, and the export in the same columns. One file per kind;
// the cell readers they share are in common.ts.
import type { ExchangeKind } from '@jingwang/contracts';
import type { KindDef } from '../service';
import { patrolPoints } from './patrolpoints';
import { camerasKind } from './cameras';
import { keyPlacesKind } from './keyplaces';
import { people } from './people';
import { rosters } from './rosters';
import { teams } from './teams';
import { unitsKind } from './units';

export { readDay } from './rosters';

export const KINDS: Record<ExchangeKind, KindDef> = { people, units: unitsKind, rosters, teams, patrolpoints: patrolPoints, keyplaces: keyPlacesKind, cameras: camerasKind };
