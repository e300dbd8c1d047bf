import { Type } from '@sinclair/typebox';
import {
  AddressCreateBody,
  AddressDetailS,
  AddressHitsS,
  AddressImportBody,
  AddressImportResultS,
  AddressS,
  AddressSearchQuery,
  AuditListS,
  EmployeeCreateBody,
  HouseCreateBody,
  HouseUpdateBody,
  RegistryIdParams,
  RegistryUnitCreateBody,
  RegistryUnitS,
  ResidencyCreateBody,
  ResidencyLeaveBody,
  ResidentCreateBody,
  ResidentDetailS,
  ResidentListS,
  ResidentLookupQuery,
  ResidentMergeBody,
  ResidentUpdateBody,
  RevealBody,
  RevealS,
} from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { actor, type App } from '../../lib/http';
import * as svc from './service';

const tags = ['registry'];
const Created = Type.Object({ id: Type.Integer() });
const CreatedResident = Type.Object({ id: Type.Integer(), residencyId: Type.Integer() });
const Versioned = Type.Object({ id: Type.Integer(), version: Type.Integer() });
const scope404 = 'A record outside the caller\'s area is 404 with its NOT_FOUND code, like one that does not exist.';

export function registryRoutes(app: App, ctx: Ctx) {
  app.get('/api/registry/addresses/search', { schema: { tags, description: 'The gazetteer as one types: any part of the address, pinyin initials, or with a typo; best first, within the caller\'s area.', querystring: AddressSearchQuery, response: { 200: AddressHitsS } } }, async (req) => ({
    items: await svc.searchAddresses(ctx, actor(req), req.query.q, req.query.limit ?? 10),
  }));
  app.post('/api/registry/addresses', { schema: { tags, description: 'A standard address at a point, placed in the area tree (grid, police grid, station). 409 ADDRESS_EXISTS names the existing one.', body: AddressCreateBody, response: { 200: AddressS } } }, async (req) =>
    svc.createAddress(ctx, actor(req), req.body),
  );
  app.post('/api/registry/addresses/import', { schema: { tags, description: 'Standard addresses from CSV (UTF-8 with or without BOM, or GBK) or Excel (.xlsx), in base64. Headers in Chinese (省, 市, 县, 乡镇, 社区, 街路巷, 门牌, 楼栋, 单元, 户室, 经度, 纬度) or the field names. Every bad cell is named (row, column, value, reason in Chinese); with apply=true and no bad row, all rows are written in one transaction, else none.', body: AddressImportBody, response: { 200: AddressImportResultS } }, bodyLimit: 15 * 1024 * 1024 }, async (req) =>
    svc.importAddresses(ctx, actor(req), req.body),
  );
  app.get('/api/registry/addresses/:id', { schema: { tags, description: `An address with its houses, residents (masked), units and history. ${scope404}`, params: RegistryIdParams, response: { 200: AddressDetailS } } }, async (req) =>
    svc.getAddressDetail(ctx, actor(req), req.params.id),
  );
  app.post('/api/registry/houses', { schema: { tags, body: HouseCreateBody, response: { 200: Created } } }, async (req) => svc.createHouse(ctx, actor(req), req.body));
  app.patch('/api/registry/houses/:id', { schema: { tags, params: RegistryIdParams, body: HouseUpdateBody, response: { 200: Versioned } } }, async (req) => svc.updateHouse(ctx, actor(req), req.params.id, req.body));
  app.post('/api/registry/residents', { schema: { tags, description: 'A new resident at a house. The ID number is checked (GB 11643: check digit, birth date; 422 INVALID_ID_NUMBER). An ID number on file is 409 DUPLICATE_ID_NUMBER with details.residentId (when in the caller\'s area): add a residency to that record instead.', body: ResidentCreateBody, response: { 200: CreatedResident } } }, async (req) =>
    svc.createResident(ctx, actor(req), req.body),
  );
  app.get('/api/registry/residents', { schema: { tags, description: 'Exact lookup by ID number, phone or name (blind indexes), masked, within the caller\'s area; audited.', querystring: ResidentLookupQuery, response: { 200: ResidentListS } } }, async (req) =>
    svc.lookupResidents(ctx, actor(req), req.query),
  );
  app.get('/api/registry/residents/:id', { schema: { tags, description: `A resident (masked), where they live or lived, and the history. ${scope404}`, params: RegistryIdParams, response: { 200: ResidentDetailS } } }, async (req) =>
    svc.getResident(ctx, actor(req), req.params.id),
  );
  app.patch('/api/registry/residents/:id', { schema: { tags, params: RegistryIdParams, body: ResidentUpdateBody, response: { 200: Versioned } } }, async (req) => svc.updateResident(ctx, actor(req), req.params.id, req.body));
  app.post('/api/registry/residents/:id/residencies', { schema: { tags, params: RegistryIdParams, body: ResidencyCreateBody, response: { 200: Created } } }, async (req) => svc.addResidency(ctx, actor(req), req.params.id, req.body));
  app.post('/api/registry/residents/:id/reveal', { schema: { tags, description: 'The clear name, ID number and phone, with a stated purpose; audited against the person.', params: RegistryIdParams, body: RevealBody, response: { 200: RevealS } } }, async (req) =>
    svc.revealResident(ctx, actor(req), req.params.id, req.body, req.ip),
  );
  app.post('/api/registry/residents/:id/merge', { schema: { tags, description: 'This record is merged into intoId (its residencies and jobs move there); it is kept, marked merged. A person is never deleted.', params: RegistryIdParams, body: ResidentMergeBody, response: { 200: Versioned } } }, async (req) =>
    svc.mergeResident(ctx, actor(req), req.params.id, req.body),
  );
  app.get('/api/registry/residents/:id/audit', { schema: { tags, description: 'Who looked at this person, when and why (the audit log by person).', params: RegistryIdParams, response: { 200: AuditListS } } }, async (req) =>
    svc.residentAudit(ctx, actor(req), req.params.id),
  );
  app.post('/api/registry/residencies/:id/leave', { schema: { tags, description: 'The resident left this house on leftOn; a person with no other residency is marked left (never deleted).', params: RegistryIdParams, body: ResidencyLeaveBody, response: { 200: Versioned } } }, async (req) =>
    svc.leaveResidency(ctx, actor(req), req.params.id, req.body),
  );
  app.post('/api/registry/units', { schema: { tags, body: RegistryUnitCreateBody, response: { 200: Created } } }, async (req) => svc.createUnit(ctx, actor(req), req.body));
  app.get('/api/registry/units/:id', { schema: { tags, params: RegistryIdParams, response: { 200: RegistryUnitS } } }, async (req) => svc.getUnit(ctx, actor(req), req.params.id));
  app.post('/api/registry/units/:id/employees', { schema: { tags, params: RegistryIdParams, body: EmployeeCreateBody, response: { 200: Created } } }, async (req) => svc.addEmployee(ctx, actor(req), req.params.id, req.body));
}
