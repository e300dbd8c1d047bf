// The officer's outbox in React: the pending actions (待发送 N) and the outbox itself to submit through.
import { useEffect, useState } from 'react';
import { useAuth } from '../../app/auth';
import { outboxFor } from '../../lib/offline/browser';
import type { Outbox, QueuedAction } from '../../lib/offline/outbox';

export function useOutbox(): { box: Outbox | null; items: readonly QueuedAction[] } {
  const { user } = useAuth();
  const box = user ? outboxFor(user.id) : null;
  const [items, setItems] = useState<readonly QueuedAction[]>([]);
  useEffect(() => (box ? box.subscribe(setItems) : undefined), [box]);
  return { box, items };
}
