import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nextStatus, allowedActions, isOpen, type IncidentStatus, type IncidentAction } from '../src/incident/index';

test('the happy path goes new -> dispatched -> en_route -> on_scene -> resolved -> closed', () => {
  const path: [IncidentAction, IncidentStatus][] = [
    ['dispatch', 'dispatched'],
    ['en_route', 'en_route'],
    ['arrive', 'on_scene'],
    ['resolve', 'resolved'],
    ['close', 'closed'],
  ];
  let s: IncidentStatus = 'new';
  for (const [action, expected] of path) {
    const r = nextStatus(s, action);
    assert.ok(r.ok, `${s} --${action}--> should be allowed`);
    if (r.ok) s = r.to;
    assert.equal(s, expected);
  }
});

test('terminal states allow nothing', () => {
  for (const s of ['closed', 'cancelled', 'transferred'] as const) {
    assert.deepEqual(allowedActions(s), []);
    assert.equal(isOpen(s), false);
  }
});

test('an illegal action names the allowed ones', () => {
  const r = nextStatus('new', 'close');
  assert.equal(r.ok, false);
  if (!r.ok) assert.deepEqual(r.allowed.sort(), ['cancel', 'dispatch', 'resolve', 'transfer']);
});

test('resolving, cancelling or transferring releases the units; reinforcement keeps the status', () => {
  const resolve = nextStatus('on_scene', 'resolve');
  assert.ok(resolve.ok && resolve.releasesUnits);
  const more = nextStatus('en_route', 'dispatch');
  assert.ok(more.ok && more.to === 'en_route' && !more.releasesUnits);
  assert.equal(nextStatus('on_scene', 'cancel').ok, false, 'an incident with units on scene is resolved, not cancelled');
});
