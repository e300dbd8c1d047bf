// UI texts of notifications (通知).
// zh is the reference; en must have exactly the same keys (a missing English key is a compile error, an extra one
// too; dict.test.ts checks both). ../dict.ts merges every texts file into the one dictionary.

export const zh = {
  'notif.title': '通知',
  'notif.unreadN': '{n} 条未读',
  'notif.allRead': '没有未读通知',
  'notif.readAll': '全部已读',
  'notif.empty': '暂无通知',
} as const;

export const en: Record<keyof typeof zh, string> = {
  'notif.title': 'Notifications',
  'notif.unreadN': '{n} unread',
  'notif.allRead': 'Nothing unread',
  'notif.readAll': 'Mark all read',
  'notif.empty': 'No notifications',
};
