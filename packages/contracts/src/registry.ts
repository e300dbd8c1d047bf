// Schemas of the registry (一标三实, issue 15): standard addresses and the gazetteer, houses, residents, units.
// Personal data (names, ID numbers, phones) travel masked; the clear values only through the audited reveal.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Id, IsoTime, Lat, Lon, lit } from './api';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Text = (max: number, min = 0) => Type.String({ minLength: min, maxLength: max });
/** A calendar date YYYY-MM-DD (checked to be a real day by the service). */
export const CalendarDateS = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', maxLength: 10 });
const Version = Type.Integer({ minimum: 1, maximum: 2147483647 });

export const ADDRESS_PART_KEYS = ['province', 'city', 'county', 'town', 'community', 'street', 'doorNo', 'building', 'unitNo', 'room'] as const;
export const HOUSE_USES = ['residential', 'commercial', 'mixed', 'other'] as const;
export const RESIDENT_RELATIONS = ['registered', 'living', 'floating'] as const;
export const RESIDENT_STATUSES = ['active', 'left', 'merged'] as const;
export const REGISTRY_UNIT_KINDS = ['business', 'shop', 'organisation', 'other'] as const;
export type HouseUse = (typeof HOUSE_USES)[number];
export type ResidentRelation = (typeof RESIDENT_RELATIONS)[number];
export type RegistryUnitKind = (typeof REGISTRY_UNIT_KINDS)[number];

export const HOUSE_USE_LABELS: Record<HouseUse, { zh: string; en: string }> = {
  residential: { zh: '住宅', en: 'Residential' },
  commercial: { zh: '商用', en: 'Commercial' },
  mixed: { zh: '商住', en: 'Mixed' },
  other: { zh: '其他', en: 'Other' },
};
export const RESIDENT_RELATION_LABELS: Record<ResidentRelation, { zh: string; en: string }> = {
  registered: { zh: '户籍人口', en: 'Registered' },
  living: { zh: '常住人口', en: 'Living' },
  floating: { zh: '流动人口', en: 'Floating' },
};
export const REGISTRY_UNIT_KIND_LABELS: Record<RegistryUnitKind, { zh: string; en: string }> = {
  business: { zh: '企业', en: 'Business' },
  shop: { zh: '个体商户', en: 'Shop' },
  organisation: { zh: '机关团体', en: 'Organisation' },
  other: { zh: '其他', en: 'Other' },
};

export const RegistryIdParams = Type.Object({ id: Id }, { additionalProperties: false });

const partProps = {
  province: Type.Optional(Text(40)),
  city: Type.Optional(Text(40)),
  county: Type.Optional(Text(40)),
  town: Type.Optional(Text(40)),
  community: Type.Optional(Text(40)),
  street: Type.Optional(Text(60)),
  doorNo: Type.Optional(Text(20)),
  building: Type.Optional(Text(20)),
  unitNo: Type.Optional(Text(20)),
  room: Type.Optional(Text(20)),
};
export const AddressPartsS = Type.Object(partProps, { additionalProperties: false });
export type AddressPartsIn = Static<typeof AddressPartsS>;

export const AddressCreateBody = Type.Object({ ...partProps, lon: Lon, lat: Lat }, { additionalProperties: false });
export type AddressCreateBody = Static<typeof AddressCreateBody>;

export const AddressSearchQuery = Type.Object(
  { q: Text(100, 1), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })) },
  { additionalProperties: false },
);
export type AddressSearchQuery = Static<typeof AddressSearchQuery>;

/** One answer of the gazetteer: what intake, fraud and the registry place on the map. */
export const AddressHitS = Type.Object({ id: Id, label: Type.String(), lon: Type.Number(), lat: Type.Number(), areaId: Nullable(Type.Integer()) });
export type AddressHit = Static<typeof AddressHitS>;
export const AddressHitsS = Type.Object({ items: Type.Array(AddressHitS) });

export const AddressS = Type.Object({
  id: Id,
  label: Type.String(),
  parts: Type.Record(Type.String(), Nullable(Type.String())),
  lon: Type.Number(),
  lat: Type.Number(),
  gridId: Nullable(Type.Integer()),
  policeGridId: Nullable(Type.Integer()),
  stationId: Nullable(Type.Integer()),
  version: Type.Integer(),
});
export type AddressT = Static<typeof AddressS>;

export const ResidencyS = Type.Object({
  id: Id,
  houseId: Id,
  addressLabel: Type.String(),
  relation: lit(RESIDENT_RELATIONS),
  arrivedOn: Nullable(Type.String()),
  leftOn: Nullable(Type.String()),
  version: Type.Integer(),
});

/** A resident as lists show them: masked. */
export const ResidentS = Type.Object({
  id: Id,
  name: Type.String(),
  idNumber: Type.String(),
  phone: Nullable(Type.String()),
  gender: Nullable(Type.String()),
  birthDate: Nullable(Type.String()),
  status: lit(RESIDENT_STATUSES),
  mergedInto: Nullable(Type.Integer()),
  version: Type.Integer(),
});
export type ResidentT = Static<typeof ResidentS>;

export const HouseResidentS = Type.Composite([ResidentS, Type.Object({ residencyId: Id, residencyVersion: Type.Integer(), relation: lit(RESIDENT_RELATIONS), arrivedOn: Nullable(Type.String()), leftOn: Nullable(Type.String()) })]);

export const HouseS = Type.Object({
  id: Id,
  addressId: Id,
  ownerName: Nullable(Type.String()),
  use: lit(HOUSE_USES),
  rented: Type.Boolean(),
  note: Nullable(Type.String()),
  version: Type.Integer(),
  residents: Type.Array(HouseResidentS),
});

export const RegistryUnitS = Type.Object({
  id: Id,
  name: Type.String(),
  kind: lit(REGISTRY_UNIT_KINDS),
  creditCode: Nullable(Type.String()),
  addressId: Id,
  version: Type.Integer(),
  employees: Type.Array(Type.Object({ id: Id, residentId: Id, name: Type.String(), role: Nullable(Type.String()), fromOn: Nullable(Type.String()), toOn: Nullable(Type.String()) })),
});

export const HistoryEntryS = Type.Object({ at: IsoTime, entity: Type.String(), entityId: Type.Integer(), action: Type.String(), changes: Type.Unknown(), username: Type.String() });

export const AddressDetailS = Type.Object({ address: AddressS, houses: Type.Array(HouseS), units: Type.Array(RegistryUnitS), history: Type.Array(HistoryEntryS) });

export const HouseCreateBody = Type.Object(
  { addressId: Id, use: lit(HOUSE_USES), rented: Type.Optional(Type.Boolean()), ownerName: Type.Optional(Text(64)), note: Type.Optional(Text(500)) },
  { additionalProperties: false },
);
export type HouseCreateBody = Static<typeof HouseCreateBody>;
export const HouseUpdateBody = Type.Object(
  { version: Version, use: Type.Optional(lit(HOUSE_USES)), rented: Type.Optional(Type.Boolean()), ownerName: Type.Optional(Text(64)), note: Type.Optional(Text(500)) },
  { additionalProperties: false },
);
export type HouseUpdateBody = Static<typeof HouseUpdateBody>;

export const ResidentCreateBody = Type.Object(
  {
    houseId: Id,
    relation: lit(RESIDENT_RELATIONS),
    arrivedOn: Type.Optional(CalendarDateS),
    name: Text(64, 1),
    idNumber: Text(30, 1),
    phone: Type.Optional(Type.String({ pattern: '^[0-9+\\- ]{3,20}$', maxLength: 20 })),
  },
  { additionalProperties: false },
);
export type ResidentCreateBody = Static<typeof ResidentCreateBody>;

/** An existing resident (found by a duplicate ID number) moves in or is registered at another house. */
export const ResidencyCreateBody = Type.Object(
  { houseId: Id, relation: lit(RESIDENT_RELATIONS), arrivedOn: Type.Optional(CalendarDateS) },
  { additionalProperties: false },
);
export type ResidencyCreateBody = Static<typeof ResidencyCreateBody>;

export const ResidentUpdateBody = Type.Object(
  { version: Version, name: Type.Optional(Text(64, 1)), phone: Type.Optional(Nullable(Type.String({ pattern: '^[0-9+\\- ]{3,20}$', maxLength: 20 }))) },
  { additionalProperties: false },
);
export type ResidentUpdateBody = Static<typeof ResidentUpdateBody>;

export const ResidencyLeaveBody = Type.Object({ version: Version, leftOn: CalendarDateS }, { additionalProperties: false });
export type ResidencyLeaveBody = Static<typeof ResidencyLeaveBody>;

export const ResidentMergeBody = Type.Object({ version: Version, intoId: Id, reason: Text(200, 2) }, { additionalProperties: false });
export type ResidentMergeBody = Static<typeof ResidentMergeBody>;

/** A clear read states why (audited with the purpose). */
export const RevealBody = Type.Object({ purpose: Text(200, 2) }, { additionalProperties: false });
export type RevealBody = Static<typeof RevealBody>;
export const RevealS = Type.Object({ name: Type.String(), idNumber: Type.String(), phone: Nullable(Type.String()) });

export const ResidentLookupQuery = Type.Object(
  { idNumber: Type.Optional(Text(30, 1)), phone: Type.Optional(Text(20, 1)), name: Type.Optional(Text(64, 1)) },
  { additionalProperties: false },
);
export type ResidentLookupQuery = Static<typeof ResidentLookupQuery>;
export const ResidentListS = Type.Object({ items: Type.Array(ResidentS) });

export const ResidentDetailS = Type.Object({ resident: ResidentS, residencies: Type.Array(ResidencyS), history: Type.Array(HistoryEntryS) });

export const AuditEntryS = Type.Object({ at: IsoTime, username: Type.String(), action: Type.String(), detail: Type.Unknown() });
export const AuditListS = Type.Object({ items: Type.Array(AuditEntryS) });

export const RegistryUnitCreateBody = Type.Object(
  { name: Text(100, 1), kind: lit(REGISTRY_UNIT_KINDS), creditCode: Type.Optional(Type.String({ pattern: '^[0-9A-Z]{18}$', maxLength: 18 })), addressId: Id },
  { additionalProperties: false },
);
export type RegistryUnitCreateBody = Static<typeof RegistryUnitCreateBody>;
export const EmployeeCreateBody = Type.Object({ residentId: Id, role: Type.Optional(Text(40)), fromOn: Type.Optional(CalendarDateS) }, { additionalProperties: false });
export type EmployeeCreateBody = Static<typeof EmployeeCreateBody>;

/** Import of addresses from CSV or Excel: `data` is the file in base64; `apply: false` only previews. */
export const AddressImportBody = Type.Object(
  { filename: Text(200, 1), data: Type.String({ minLength: 1, maxLength: 14_000_000 }), apply: Type.Boolean() },
  { additionalProperties: false },
);
export type AddressImportBody = Static<typeof AddressImportBody>;
export const ImportProblemS = Type.Object({ row: Type.Integer(), column: Type.String(), value: Type.String(), reason: Type.String() });
export type ImportProblem = Static<typeof ImportProblemS>;
export const AddressImportResultS = Type.Object({
  rows: Type.Integer(),
  valid: Type.Integer(),
  invalid: Type.Array(ImportProblemS),
  preview: Type.Array(Type.Object({ row: Type.Integer(), label: Type.String(), lon: Type.Number(), lat: Type.Number() })),
  applied: Type.Boolean(),
  created: Type.Integer(),
});
export type AddressImportResult = Static<typeof AddressImportResultS>;
