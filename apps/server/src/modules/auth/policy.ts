// Who may do what: declarative, checked in services (not in routes), and tested as a matrix.
import type { UserRole } from '@jingwang/contracts';
import { AppError } from '../../lib/errors';
import type { AreaTree } from '../areas/tree';

export type Permission =
  | 'ticket.read' // work-handover tickets: police in their area; liaison / 城管 accounts their department's
  | 'ticket.create' // hand a problem to a department (from an incident, a patrol, a visit, a video finding, Open311)
  | 'ticket.handle' // receive, progress, resolve or return a ticket of one's own department (liaison, 城管)
  | 'ticket.verify' // verify, reject, close, re-route a returned ticket (the originator's side, in scope)
  | 'ticket.route' // the routing table of duties and time limits
  | 'joint.read' // joint police-城管 patrol: posts, groups, on-the-spot records, counts (in scope)
  | 'joint.handle' // record an on-the-spot simple-procedure handling (police; 城管 members of the group)
  | 'joint.admin' // service posts and the groups' bases
  | 'incident.read'
  | 'incident.create'
  | 'incident.dispatch'
  | 'incident.progress' // en route, arrive, resolve
  | 'incident.close' // close, cancel, transfer
  | 'incident.contact' // read the caller's clear phone (audited)
  | 'unit.read'
  | 'unit.position' // post positions by hand (devices use the AVL token)
  | 'unit.manage' // bind AVL devices to units
  | 'reinforcement.request' // ask for more units at a scene
  | 'reinforcement.handle' // accept, fulfil or cancel any request
  | 'roads.read' // routes, reach areas, coverage
  | 'stats.read' // response compliance
  | 'area.read'
  | 'area.write' // import, re-cut
  | 'area.target' // set an area's response target (leads: areas of their own station or district)
  | 'people.read'
  | 'audit.read'
  | 'patrol.read' // points, plans, reports, flags
  | 'patrol.plan' // generate, edit, publish and cancel plans; roll call; acknowledge flags
  | 'patrol.manage' // must-patrol points and lines
  | 'patrol.checkin' // check in on a route (officers: their own unit's)
  | 'video.patrol' // video patrol rounds
  | 'fraud.intake' // receive warnings from the anti-fraud centre (API, CSV)
  | 'fraud.read' // warnings in scope (masked); officers: their own tasks
  | 'fraud.handle' // record the outcome and the follow-up (officers: their own tasks)
  | 'tasks.read' // checklists, task details, screens (officers: their own; leaders: their area's people)
  | 'tasks.work' // complete own tasks with evidence, ask for an extension
  | 'tasks.assign' // issue templates to people, teams or areas at one's level
  | 'tasks.supervise' // supervision lists (督办), decide extensions, cancel tasks in scope
  | 'tasks.catalogue' // task templates, escalation policy, indicator definitions, assessment plans
  | 'indicators.read' // indicator values (officers: their own)
  | 'indicators.compute' // recompute indicators and assessments on demand
  | 'assessment.read' // scores, rankings and stars of the people and areas in scope
  | 'forecast.read' // forecast layer and runs in scope
  | 'forecast.run' // make a district's forecast on demand
  | 'report.read' // analysis reports in scope
  | 'report.generate' // make a report on demand and push it
  | 'sim.read' // the reform simulator's saved runs of areas in scope (改革推演)
  | 'sim.run' // replay an area's past calls under other policies
  | 'instructions.send' // write instructions to people, teams, units and areas in scope; see their receipts
  | 'instructions.receive' // read, answer and finish one's own instructions
  | 'cases.read' // cases one works on, and the cases of the stations in scope (leads)
  | 'cases.work' // open cases, add items, pass steps (of cases one sees)
  | 'cases.supervise' // the deputy's daily list and the case indicators
  | 'cases.limits' // the statutory time limits
  | 'user.manage' // create users, reset their passwords
  | 'account.totp' // enrol a TOTP second factor on one's own account
  | 'registry.read' // addresses, houses, residents (masked), units in scope; the gazetteer
  | 'registry.write' // add and change houses, residents, units, addresses
  | 'registry.reveal' // a resident's clear name, ID number and phone, with a purpose (audited)
  | 'registry.import' // import standard addresses (CSV, Excel)
  | 'registry.merge' // merge two records of one person
  | 'org.manage' // create, edit, retire agencies and teams (issue 12)
  | 'people.manage' // create, edit, retire people and their responsibility areas (station leads: their station's)
  | 'unit.admin' // create, edit, retire units and their members (station leads: their station's)
  | 'unit.status' // set a unit's status by hand (on duty, off duty, meal break, busy, out of service)
  | 'places.read' // key places (重点部位) and cameras (视频点位) in scope, with their history
  | 'places.admin' // create, edit, retire key places and cameras (station leads: their station's)
  | 'roster.read' // duty rosters and who is on duty now
  | 'roster.manage' // write a station's duty roster
  | 'dispute.read' // disputes: police by area; grid workers their grid's and their reports; mediators their scope's and referrals; others only referrals
  | 'dispute.report' // register a dispute
  | 'dispute.mediate' // record mediation sessions, referral feedback and follow-up visits
  | 'dispute.manage'; // refer, resolve, escalate by hand, raise the grade, link a criminal case

/**
 * Every police role. Partner roles (grid workers, mediators, 城管 staff, department liaisons, volunteers) are not in
 * it: they are granted, permission by permission, only what their own work needs (issue 12 part 2).
 */
const ALL: UserRole[] = ['admin', 'district_lead', 'station_lead', 'dispatcher', 'officer'];
/** Every partner role: their own account, their area's map. */
const PARTNERS: UserRole[] = ['grid_worker', 'mediator', 'urban_mgmt', 'liaison', 'volunteer'];

export const POLICY: Record<Permission, readonly UserRole[]> = {
  'ticket.read': [...ALL, 'urban_mgmt', 'liaison'],
  'ticket.create': ALL,
  'ticket.handle': ['urban_mgmt', 'liaison'],
  'ticket.verify': ALL,
  'ticket.route': ['admin'],
  'joint.read': [...ALL, 'urban_mgmt'],
  'joint.handle': [...ALL, 'urban_mgmt'],
  'joint.admin': ['admin', 'district_lead', 'station_lead'],
  'incident.read': ALL,
  'incident.create': ALL,
  'incident.dispatch': ['admin', 'district_lead', 'station_lead', 'dispatcher'],
  'incident.progress': ALL,
  'incident.close': ['admin', 'district_lead', 'station_lead', 'dispatcher'],
  'incident.contact': ['admin', 'district_lead', 'station_lead', 'dispatcher', 'officer'],
  'unit.read': ALL,
  'unit.position': ['admin', 'dispatcher'],
  'unit.manage': ['admin'],
  'reinforcement.request': ALL,
  'reinforcement.handle': ['admin', 'district_lead', 'station_lead', 'dispatcher'],
  'roads.read': [...ALL, ...PARTNERS],
  'stats.read': ALL,
  'area.read': [...ALL, ...PARTNERS],
  'area.write': ['admin'],
  'area.target': ['admin', 'district_lead', 'station_lead'],
  'people.read': ALL,
  'audit.read': ['admin'],
  'patrol.read': ALL,
  'patrol.plan': ['admin', 'district_lead', 'station_lead', 'dispatcher'],
  'patrol.manage': ['admin', 'district_lead', 'station_lead'],
  'patrol.checkin': ALL,
  'video.patrol': ['admin', 'district_lead', 'station_lead', 'dispatcher'],
  'fraud.intake': ['admin', 'district_lead', 'dispatcher'],
  'fraud.read': ALL,
  'fraud.handle': ALL,
  'tasks.read': ALL,
  'tasks.work': ALL,
  'tasks.assign': ['admin', 'district_lead', 'station_lead'],
  'tasks.supervise': ['admin', 'district_lead', 'station_lead'],
  'tasks.catalogue': ['admin'],
  'indicators.read': ALL,
  'indicators.compute': ['admin', 'district_lead', 'station_lead'],
  'assessment.read': ['admin', 'district_lead', 'station_lead'],
  'forecast.read': ALL,
  'forecast.run': ['admin', 'district_lead', 'station_lead', 'dispatcher'],
  'report.read': ALL,
  'report.generate': ['admin', 'district_lead', 'station_lead', 'dispatcher'],
  'sim.read': ['admin', 'district_lead', 'station_lead'],
  'sim.run': ['admin', 'district_lead', 'station_lead'],
  'instructions.send': ['admin', 'district_lead', 'station_lead', 'dispatcher'],
  'instructions.receive': ALL,
  'cases.read': ALL,
  'cases.work': ALL,
  'cases.supervise': ['admin', 'district_lead', 'station_lead'],
  'cases.limits': ['admin'],
  'user.manage': ['admin'],
  'account.totp': ['admin', 'district_lead', 'station_lead'],
  'registry.read': ALL,
  'registry.write': ['admin', 'district_lead', 'station_lead', 'officer'],
  'registry.reveal': ['admin', 'district_lead', 'station_lead', 'officer'],
  'registry.import': ['admin', 'district_lead', 'station_lead'],
  'registry.merge': ['admin', 'district_lead', 'station_lead'],
  'org.manage': ['admin'],
  'people.manage': ['admin', 'station_lead'],
  'unit.admin': ['admin', 'station_lead'],
  'unit.status': ALL,
  'places.read': ALL,
  'places.admin': ['admin', 'station_lead'],
  'roster.read': ALL,
  'roster.manage': ['admin', 'district_lead', 'station_lead'],
  // disputes (issue 16): partners explicitly; volunteers none
  'dispute.read': [...ALL, 'grid_worker', 'mediator', 'urban_mgmt', 'liaison'],
  'dispute.report': [...ALL, 'grid_worker', 'mediator'],
  'dispute.mediate': [...ALL, 'grid_worker', 'mediator', 'urban_mgmt', 'liaison'],
  'dispute.manage': [...ALL, 'mediator'],
};

/** Roles whose reach is an area: they cannot be created without one (an officer without a scope would see all). */
export const SCOPED_ROLES: readonly UserRole[] = ['district_lead', 'station_lead', 'officer', 'grid_worker', 'mediator', 'volunteer'];
/** Roles whose reach is a department: the account must belong to a person (people.agency_id is the department). */
export const PERSON_ROLES: readonly UserRole[] = ['liaison', 'urban_mgmt'];

export interface Actor {
  kind: 'user' | 'system' | 'device';
  userId: number | null;
  username: string;
  displayName: string;
  role: UserRole | null;
  /** null = whole bureau */
  scopeAreaId: number | null;
}

export const SYSTEM_ACTOR: Actor = { kind: 'system', userId: null, username: 'system', displayName: '系统', role: null, scopeAreaId: null };
export const DEVICE_ACTOR: Actor = { kind: 'device', userId: null, username: 'avl-gateway', displayName: 'AVL', role: null, scopeAreaId: null };

export function can(actor: Actor, perm: Permission): boolean {
  if (actor.kind === 'system') return true;
  if (actor.kind === 'device') return perm === 'unit.position';
  return actor.role !== null && POLICY[perm].includes(actor.role);
}

export function authorize(actor: Actor, perm: Permission): void {
  if (!can(actor, perm)) throw new AppError('FORBIDDEN', `Role ${actor.role ?? actor.kind} may not ${perm}`);
}

/** Area ids the actor may see (its scope and everything below it); null = everything. */
export function scopeIds(actor: Actor, tree: AreaTree): number[] | null {
  if (actor.scopeAreaId === null) return null;
  return tree.descendantsAndSelf(actor.scopeAreaId);
}

/** True when any of the resource's area ids lies inside the actor's scope. */
export function inScope(actor: Actor, tree: AreaTree, areaIds: readonly (number | null)[]): boolean {
  if (actor.scopeAreaId === null) return true;
  const ids = new Set(tree.descendantsAndSelf(actor.scopeAreaId));
  return areaIds.some((id) => id !== null && ids.has(id));
}
