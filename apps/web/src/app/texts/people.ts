// UI texts of people (人员).
// zh is the reference; en must have exactly the same keys (a missing English key is a compile error, an extra one
// too; dict.test.ts checks both). ../dict.ts merges every texts file into the one dictionary.

export const zh = {
  'people.title': '人员',
  'people.name': '姓名',
  'people.role': '身份',
  'people.post': '岗位',
  'people.postN': '{p}岗',
  'people.badge': '警号',
  'people.phone': '电话',
  'people.agency': '单位',
  'people.team': '队伍',
  'people.areas': '负责区域',
  'people.searchPlaceholder': '姓名 / 警号',
  'people.areaFilter': '按区域筛选',
  'people.roleFilter': '按身份筛选',
} as const;

export const en: Record<keyof typeof zh, string> = {
  'people.title': 'People',
  'people.name': 'Name',
  'people.role': 'Role',
  'people.post': 'Post',
  'people.postN': 'Post {p}',
  'people.badge': 'Badge',
  'people.phone': 'Phone',
  'people.agency': 'Agency',
  'people.team': 'Team',
  'people.areas': 'Areas',
  'people.searchPlaceholder': 'Name / badge',
  'people.areaFilter': 'Filter by area',
  'people.roleFilter': 'Filter by role',
};
