import { test } from 'node:test';
import assert from 'node:assert/strict';
import { edges } from '../src/workflow/machine';
import {
  isTicketOpen,
  OPEN_TICKET_STATUSES,
  recurrenceOf,
  routeTicket,
  departmentOf,
  ticketCounts,
  ticketDeadlines,
  ticketLadderDue,
  ticketReceiptLadderDue,
  ticketSupervision,
  ticketMachine,
  TICKET_ACTION_SIDE,
  validateDutyRule,
  type DutyRule,
} from '../src/tickets/index';

test('the ticket machine: every edge, drawn by hand', () => {
  assert.deepEqual(
    edges(ticketMachine).map((e) => `${e.from} -${e.action}-> ${e.to}`),
    [
      'created -route-> sent',
      'sent -receive-> received',
      'sent -return-> returned',
      'received -start-> in_progress',
      'received -progress-> received',
      'received -resolve-> resolved',
      'received -return-> returned',
      'in_progress -progress-> in_progress',
      'in_progress -resolve-> resolved',
      'resolved -verify-> verified',
      'resolved -reject-> in_progress',
      'verified -close-> closed',
      'closed -reopen-> sent',
      'returned -route-> sent',
    ],
  );
  assert.equal(ticketMachine.states.filter((s) => ticketMachine.isFinal(s)).length, 0, 'a closed ticket may still be reopened');
  for (const a of ticketMachine.actions) assert.ok(TICKET_ACTION_SIDE[a], a);
});

test('closing an unverified ticket, resolving an unreceived one and verifying twice are refused with what is allowed', () => {
  assert.deepEqual(ticketMachine.next('resolved', 'close'), { ok: false, from: 'resolved', action: 'close', allowed: ['verify', 'reject'] });
  assert.deepEqual(ticketMachine.next('sent', 'resolve'), { ok: false, from: 'sent', action: 'resolve', allowed: ['receive', 'return'] });
  assert.equal(ticketMachine.can('verified', 'verify'), false);
  assert.equal(ticketMachine.can('in_progress', 'return'), false, 'work started is not returned');
  assert.deepEqual([...OPEN_TICKET_STATUSES], ['sent', 'received', 'in_progress']);
  for (const s of ticketMachine.states) assert.equal(isTicketOpen(s), ticketMachine.can(s, 'receive') || ticketMachine.can(s, 'resolve') && s !== 'resolved', s);
});

const rules: DutyRule[] = [
  { category: 'street_vending', areaId: null, agencyId: 10, agencyKind: null, receiveHours: 1, resolveHours: 72 },
  { category: 'street_vending', areaId: 5, agencyId: 11, agencyKind: null, receiveHours: 1, resolveHours: 24 },
  { category: 'street_vending', areaId: 7, agencyId: 12, agencyKind: null, receiveHours: 2, resolveHours: 48 },
  { category: 'other', areaId: null, agencyId: 99, agencyKind: null, receiveHours: 24, resolveHours: 240 },
];

test('routing: the deepest area rule holding the place, then the county rule, then the rule of other', () => {
  assert.equal(routeTicket(rules, 'street_vending', [1, 2, 3])?.agencyId, 10);
  assert.equal(routeTicket(rules, 'street_vending', [1, 5, 6])?.agencyId, 11);
  assert.equal(routeTicket(rules, 'street_vending', [1, 5, 7])?.agencyId, 12, 'area 7 lies below area 5');
  assert.equal(routeTicket(rules, 'noise', [1, 5, 7])?.agencyId, 99);
  assert.equal(routeTicket(rules.slice(0, 3), 'noise', [1]), null);
  assert.equal(routeTicket([], 'other', [1]), null);
});

test('a rule by kind sends to the agency of that kind holding the place, the deepest first; a missing agency is null', () => {
  const agencies = [
    { id: 1, kind: 'urban_mgmt', areaId: 100 },
    { id: 2, kind: 'urban_mgmt', areaId: 5 },
    { id: 3, kind: 'housing', areaId: 9 },
  ];
  assert.equal(departmentOf({ agencyId: null, agencyKind: 'urban_mgmt' }, agencies, [100, 5, 6]), 2);
  assert.equal(departmentOf({ agencyId: null, agencyKind: 'urban_mgmt' }, agencies, [100, 7]), 1);
  assert.equal(departmentOf({ agencyId: null, agencyKind: 'urban_mgmt' }, agencies, [200]), null, 'two 城管 agencies, neither holds the place');
  assert.equal(departmentOf({ agencyId: null, agencyKind: 'housing' }, agencies, [200]), 3, 'the only one of its kind');
  assert.equal(departmentOf({ agencyId: null, agencyKind: 'market_regulation' }, agencies, [100]), null);
  assert.equal(departmentOf({ agencyId: 3, agencyKind: null }, agencies, [100]), 3);
  assert.equal(departmentOf({ agencyId: 42, agencyKind: null }, agencies, [100]), null, 'retired or unknown');
});

test('deadlines by the rule from the time the ticket was sent; rules with hours out of order are refused', () => {
  const sent = Date.parse('2026-06-15T02:00:00Z');
  const d = ticketDeadlines(rules[1]!, sent);
  assert.equal(new Date(d.receiveDueAt).toISOString(), '2026-06-15T03:00:00.000Z');
  assert.equal(new Date(d.dueAt).toISOString(), '2026-06-16T02:00:00.000Z');
  assert.deepEqual(validateDutyRule({ receiveHours: 1, resolveHours: 24 }), []);
  assert.deepEqual(validateDutyRule({ receiveHours: 48, resolveHours: 24 }).map((e) => e.field), ['/receiveHours']);
  assert.deepEqual(validateDutyRule({ receiveHours: 0, resolveHours: -1 }).map((e) => e.field), ['/receiveHours', '/resolveHours']);
});

test('recurrence: the same category within the radius and the window reopens the nearest closed ticket', () => {
  const now = Date.parse('2026-06-20T00:00:00Z');
  const day = 86400_000;
  const closed = [
    { id: 1, category: 'street_vending', lon: 120.0, lat: 32.0, closedAt: now - 2 * day },
    { id: 2, category: 'street_vending', lon: 120.0005, lat: 32.0, closedAt: now - 1 * day }, // ~47 m east
    { id: 3, category: 'noise', lon: 120.0, lat: 32.0, closedAt: now - day },
    { id: 4, category: 'street_vending', lon: 120.0, lat: 32.0, closedAt: now - 40 * day },
  ];
  const opts = { radiusM: 100, windowDays: 30 };
  assert.equal(recurrenceOf(closed, { category: 'street_vending', lon: 120.0, lat: 32.0 }, now, opts)?.id, 1);
  assert.equal(recurrenceOf(closed, { category: 'street_vending', lon: 120.0006, lat: 32.0 }, now, opts)?.id, 2);
  assert.equal(recurrenceOf(closed, { category: 'street_vending', lon: 120.01, lat: 32.0 }, now, opts), null, '~940 m away');
  assert.equal(recurrenceOf(closed.slice(3), { category: 'street_vending', lon: 120.0, lat: 32.0 }, now, opts), null, 'closed 40 days ago');
  assert.equal(recurrenceOf(closed, { category: 'illegal_parking', lon: 120.0, lat: 32.0 }, now, opts), null);
});

test('the ladder of an overdue ticket: overdue and reminder at the due time, yellow 24 h, red 72 h; once each; none after resolution', () => {
  const due = Date.parse('2026-06-15T00:00:00Z');
  const h = 3600_000;
  assert.deepEqual(ticketLadderDue({ status: 'received', dueAt: due, fired: [] }, due - 1), []);
  assert.deepEqual(ticketLadderDue({ status: 'received', dueAt: due, fired: [] }, due), ['overdue', 'reminder']);
  assert.deepEqual(ticketLadderDue({ status: 'in_progress', dueAt: due, fired: ['overdue', 'reminder'] }, due + 25 * h), ['yellow']);
  assert.deepEqual(ticketLadderDue({ status: 'sent', dueAt: due, fired: [] }, due + 73 * h), ['overdue', 'reminder', 'yellow', 'red']);
  assert.deepEqual(ticketLadderDue({ status: 'resolved', dueAt: due, fired: [] }, due + 73 * h), []);
  assert.deepEqual(ticketLadderDue({ status: 'returned', dueAt: due, fired: [] }, due + 73 * h), []);
});

test('the receipt ladder: a ticket not received by its 1-hour limit climbs from the receive deadline, once each; receiving stops it', () => {
  const rd = Date.parse('2026-06-15T01:00:00Z');
  const h = 3600_000;
  assert.deepEqual(ticketReceiptLadderDue({ status: 'sent', receiveDueAt: rd, fired: [] }, rd - 1), []);
  assert.deepEqual(ticketReceiptLadderDue({ status: 'sent', receiveDueAt: rd, fired: [] }, rd), ['receipt_overdue', 'receipt_reminder']);
  assert.deepEqual(ticketReceiptLadderDue({ status: 'sent', receiveDueAt: rd, fired: ['receipt_overdue', 'receipt_reminder'] }, rd + 25 * h), ['receipt_yellow']);
  assert.deepEqual(ticketReceiptLadderDue({ status: 'sent', receiveDueAt: rd, fired: ['overdue'] }, rd + 73 * h), ['receipt_overdue', 'receipt_reminder', 'receipt_yellow', 'receipt_red'], 'the resolve ladder\'s steps are apart');
  for (const status of ['received', 'in_progress', 'resolved', 'returned', 'closed'] as const) assert.deepEqual(ticketReceiptLadderDue({ status, receiveDueAt: rd, fired: [] }, rd + 73 * h), [], status);
  // the resolve ladder is whole after a late receipt
  assert.deepEqual(ticketLadderDue({ status: 'received', dueAt: rd + 71 * h, fired: ['receipt_overdue', 'receipt_reminder'] }, rd + 71 * h), ['overdue', 'reminder']);
  assert.equal(ticketSupervision(['receipt_overdue', 'receipt_reminder', 'receipt_yellow']), 'yellow');
  assert.equal(ticketSupervision(['receipt_overdue', 'receipt_reminder', 'overdue', 'reminder', 'red']), 'red');
  assert.equal(ticketSupervision([]), 'none');
});

test('counts: on time over resolved (unavailable when none), open and overdue, returns and recurrences', () => {
  const now = 1000;
  const c = ticketCounts(
    [
      { status: 'closed', dueAt: 500, resolvedAt: 400, returns: 1, reopens: 0 },
      { status: 'resolved', dueAt: 500, resolvedAt: 600, returns: 0, reopens: 2 },
      { status: 'in_progress', dueAt: 900, resolvedAt: null, returns: 0, reopens: 0 },
      { status: 'sent', dueAt: 2000, resolvedAt: null, returns: 0, reopens: 0 },
    ],
    now,
  );
  assert.deepEqual(c, { tickets: 4, open: 2, overdue: 1, resolved: 2, onTime: 1, onTimeRate: 0.5, returns: 1, recurrences: 2 });
  assert.equal(ticketCounts([], now).onTimeRate, null);
  // a reopened ticket keeps its earlier round: resolved on time then, open again now
  const r = ticketCounts([{ status: 'sent', dueAt: 2000, resolvedAt: null, returns: 0, reopens: 1, earlierResolved: 1, earlierOnTime: 1 }], now);
  assert.deepEqual([r.resolved, r.onTime, r.onTimeRate, r.open, r.recurrences], [1, 1, 1, 1, 1]);
});
