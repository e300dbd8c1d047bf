// Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2) over the tickets, so a city's 12345 hotline or issue
// tracker can exchange them. Authentication: the session (cookie; a POST also sends the x-csrf-token header), as for
// the rest of the API; the spec's api_key is accepted in the body and ignored. The caller's role and area apply as for
// /api/tickets. Services are the ticket categories; service_request_id is the ticket id; status is `closed` for a
// closed ticket and `open` otherwise; agency_responsible is the department the ticket is with.
import { TICKET_CATEGORIES, TICKET_CATEGORY_LABELS, TICKET_STATUS_LABELS, type Open311PostBody, type Open311Request, type Static, type Ticket, type TicketCategory, type Open311ServiceS } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { authorize, type Actor } from '../auth/policy';
import { createTicket, getTicket, listTickets } from './service';

export function services(ctx: Ctx, actor: Actor): Static<typeof Open311ServiceS>[] {
  authorize(actor, 'ticket.read');
  return TICKET_CATEGORIES.map((c) => ({
    service_code: c,
    service_name: TICKET_CATEGORY_LABELS[c].zh,
    description: `${TICKET_CATEGORY_LABELS[c].zh}（${TICKET_CATEGORY_LABELS[c].en}）`,
    metadata: false,
    type: 'realtime',
    keywords: TICKET_CATEGORY_LABELS[c].en.toLowerCase(),
    group: '城市管理',
  }));
}

function toRequest(t: Ticket, notes?: string | null): Open311Request {
  return {
    service_request_id: String(t.id),
    status: t.status === 'closed' ? 'closed' : 'open',
    status_notes: notes ?? TICKET_STATUS_LABELS[t.status].zh,
    service_name: TICKET_CATEGORY_LABELS[t.category as TicketCategory].zh,
    service_code: t.category,
    description: t.description || t.title,
    agency_responsible: t.agency?.name ?? null,
    service_notice: null,
    requested_datetime: t.createdAt,
    updated_datetime: t.updatedAt,
    expected_datetime: t.dueAt,
    address: t.address,
    lat: t.lat,
    long: t.lon,
    media_url: null,
  };
}

export async function postRequest(ctx: Ctx, actor: Actor, b: Open311PostBody): Promise<{ service_request_id: string; service_notice: string | null; account_id: string | null }[]> {
  const label = TICKET_CATEGORY_LABELS[b.service_code].zh;
  const r = await createTicket(
    ctx,
    actor,
    {
      category: b.service_code,
      title: b.address_string ? `${label}：${b.address_string}`.slice(0, 100) : label,
      description: b.description,
      sourceType: 'open311',
      address: b.address_string,
      lon: b.long,
      lat: b.lat,
    },
    { externalRef: b.device_id ?? null },
  );
  return [{ service_request_id: String(r.ticket.id), service_notice: r.reopened ? '同一问题近期已办结，原交办单已重新打开' : null, account_id: null }];
}

export async function listRequests(
  ctx: Ctx,
  actor: Actor,
  q: { service_request_id?: string; service_code?: TicketCategory; start_date?: string; end_date?: string; status?: 'open' | 'closed' },
): Promise<Open311Request[]> {
  const ids = q.service_request_id?.split(',').map(Number).filter((n) => Number.isSafeInteger(n) && n > 0 && n <= 2147483647);
  // the spec's default window: the last 90 days
  const end = q.end_date ?? ctx.clock.now().toISOString();
  const start = q.start_date ?? new Date(Date.parse(end) - 90 * 86400_000).toISOString();
  const ts = await listTickets(ctx, actor, { category: q.service_code, status: q.status === 'closed' ? 'closed' : undefined, ids, createdFrom: ids ? undefined : start, createdTo: ids ? undefined : end, limit: 1000 });
  return ts.filter((t) => q.status !== 'open' || t.status !== 'closed').map((t) => toRequest(t));
}

export async function getRequest(ctx: Ctx, actor: Actor, id: number): Promise<Open311Request[]> {
  const t = await getTicket(ctx, actor, id);
  const last = [...t.events].reverse().find((e) => e.note);
  return [toRequest(t, last ? `${TICKET_STATUS_LABELS[t.status].zh}：${last.note}` : null)];
}
