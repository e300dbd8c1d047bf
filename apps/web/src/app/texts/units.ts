// UI texts of units (警力).
// zh is the reference; en must have exactly the same keys (a missing English key is a compile error, an extra one
// too; dict.test.ts checks both). ../dict.ts merges every texts file into the one dictionary.

export const zh = {
  'units.title': '警力',
  'units.callsign': '呼号',
  'units.type': '类型',
  'units.echelon': '梯队',
  'units.echelonN': '第{n}梯队',
  'units.status': '状态',
  'units.team': '所属队伍',
  'units.homeArea': '驻守区域',
  'units.position': '最后定位',
  'units.stale': '位置过期',
  'units.noPosition': '无定位',
  'units.members': '成员',
  'units.incident': '当前警情',
  'units.searchPlaceholder': '搜索呼号、队伍、成员',
} as const;

export const en: Record<keyof typeof zh, string> = {
  'units.title': 'Units',
  'units.callsign': 'Callsign',
  'units.type': 'Type',
  'units.echelon': 'Echelon',
  'units.echelonN': 'Echelon {n}',
  'units.status': 'Status',
  'units.team': 'Team',
  'units.homeArea': 'Home area',
  'units.position': 'Last position',
  'units.stale': 'Stale',
  'units.noPosition': 'No position',
  'units.members': 'Members',
  'units.incident': 'Incident',
  'units.searchPlaceholder': 'Search callsign, team, member',
};
