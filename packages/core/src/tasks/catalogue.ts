// The demo's task catalogue, indicator definitions, measures and default assessment plan, written by the project
// after the press reports in shared/seeds (Jiangyan: community work sorted into "8 大项、83 小项", followed item by
// item every day on the 作战小屏; Qu County: community officers at least 4 days a week in their zone, the four stars;
// Jiangyan: 80 % of working time in the community). Realistic, not any bureau's real list.
//
// Time limits: 'period' = within the occurrence's period (the day, the week from the chosen weekday, the month);
// minutes otherwise. Weekdays: 1 = Monday ... 7 = Sunday. `startMinute`: minute of the local day the task opens.
// `place` in a location requirement is the assignment's target place (a key place, a school, the police room),
// given when the task is issued.

import type { EvidenceRequirement, FormFieldSpec } from './escalation';
import type { IndicatorDef } from './indicators';
import type { TaskSchedule, TimeLimit, Weekday } from './recurrence';
import type { AssessmentPlan } from './scoring';

export type TaskCategory = 'community' | 'basic_control' | 'cases' | 'performance' | 'duty' | 'disputes' | 'services' | 'prevention';
export const TASK_CATEGORIES: readonly TaskCategory[] = ['community', 'basic_control', 'cases', 'performance', 'duty', 'disputes', 'services', 'prevention'];
export const TASK_CATEGORY_LABELS: Record<TaskCategory, { zh: string; en: string }> = {
  community: { zh: '社区工作', en: 'Community work' },
  basic_control: { zh: '基础管控', en: 'Basic control' },
  cases: { zh: '案件办理', en: 'Case handling' },
  performance: { zh: '执法绩效', en: 'Law-enforcement performance' },
  duty: { zh: '值班备勤', en: 'Duty and standby' },
  disputes: { zh: '矛盾纠纷', en: 'Disputes' },
  services: { zh: '服务群众', en: 'Services to residents' },
  prevention: { zh: '安全防范', en: 'Crime prevention' },
};

/** Who a template is issued to by default. */
export type TaskAssignee = 'community_officer' | 'auxiliary' | 'grid_worker' | 'case_team' | 'duty_officer' | 'station_lead' | 'command_room';
export const TASK_ASSIGNEE_LABELS: Record<TaskAssignee, { zh: string; en: string }> = {
  community_officer: { zh: '社区民警', en: 'Community officer' },
  auxiliary: { zh: '辅警', en: 'Auxiliary officer' },
  grid_worker: { zh: '网格员', en: 'Grid worker' },
  case_team: { zh: '案件办理队', en: 'Case team' },
  duty_officer: { zh: '值班民警', en: 'Duty officer' },
  station_lead: { zh: '所领导', en: 'Station leadership' },
  command_room: { zh: '综合指挥室', en: 'Command room' },
};

export interface TaskTemplate {
  /** Stable code: category prefix + number, e.g. 'SQ01'. */
  code: string;
  category: TaskCategory;
  name: string;
  nameEn: string;
  schedule: TaskSchedule;
  /** Unit of the target count: 户, 人, 家, 次, ... */
  unit: string;
  evidence: EvidenceRequirement;
  assignee: TaskAssignee;
  /** The progress of this template counts towards info_collected (and its targets towards info_target). */
  feeds: 'info' | null;
}

// ---------------------------------------------------------------- compact builders

const L = (radiusMeters: number): EvidenceRequirement['location'] => ({ radiusMeters });
const txt = (name: string, label: string, required = true): FormFieldSpec => ({ name, label, type: 'text', required });
const num = (name: string, label: string, required = true): FormFieldSpec => ({ name, label, type: 'number', required });
const yes = (name: string, label: string): FormFieldSpec => ({ name, label, type: 'boolean', required: true });
const pick = (name: string, label: string, options: string[]): FormFieldSpec => ({ name, label, type: 'choice', required: true, options });

const daily = (target: number, limit: TimeLimit = 'period', startMinute?: number): TaskSchedule => ({ recurrence: { kind: 'daily' }, target, limit, ...(startMinute !== undefined ? { startMinute } : {}) });
const weekly = (weekdays: Weekday[], target: number, limit: TimeLimit = 'period', startMinute?: number): TaskSchedule => ({
  recurrence: { kind: 'weekly', weekdays },
  target,
  limit,
  ...(startMinute !== undefined ? { startMinute } : {}),
});
const monthly = (day: number | 'last', target: number, limit: TimeLimit = 'period'): TaskSchedule => ({ recurrence: { kind: 'monthly', day }, target, limit });
/** A one-off, issued when the event arises (a case, a dispute, a request), due `minutes` after issue. */
const once = (target: number, minutes: number): TaskSchedule => ({ recurrence: { kind: 'once' }, target, limit: minutes });

const H = 60;
const D = 24 * H;
const WORKDAYS: Weekday[] = [1, 2, 3, 4, 5];

type Row = [code: string, name: string, nameEn: string, schedule: TaskSchedule, unit: string, evidence: EvidenceRequirement, assignee: TaskAssignee, feeds?: 'info'];

function rows(category: TaskCategory, list: Row[]): TaskTemplate[] {
  return list.map(([code, name, nameEn, schedule, unit, evidence, assignee, feeds]) => ({ code, category, name, nameEn, schedule, unit, evidence, assignee, feeds: feeds ?? null }));
}

// ---------------------------------------------------------------- the 83 items

export const DEMO_TASK_TEMPLATES: readonly TaskTemplate[] = [
  ...rows('community', [
    ['SQ01', '入户走访（民意走访必上门）', 'Household visits (opinion visits at the door)', daily(5), '户', { photos: 1, form: [txt('address', '走访地址'), pick('kind', '走访对象', ['常住户', '流动人口', '商户', '关爱对象']), txt('issues', '群众反映问题', false)] }, 'community_officer'],
    ['SQ02', '社区警务室坐班接待', 'Office hours at the community police room', weekly([2, 4], 1, 4 * H, 9 * H), '次', { photos: 1, location: L(100) }, 'community_officer'],
    ['SQ03', '社区安全防范宣传', 'Community safety talk', weekly([3], 1), '场', { photos: 2, form: [txt('topic', '宣传主题'), num('attendees', '参与人数')] }, 'community_officer'],
    ['SQ04', '实有人口信息采集核查（一标三实）', 'Actual-population records collected or checked', daily(10), '人', { form: [num('count', '采集核查人数')] }, 'auxiliary', 'info'],
    ['SQ05', '实有房屋信息核查', 'Actual-housing records checked', weekly([1], 20), '套', { form: [num('count', '核查房屋数'), num('changed', '变更数')] }, 'auxiliary', 'info'],
    ['SQ06', '实有单位信息核查', 'Actual-organisation records checked', weekly([1], 5), '家', { photos: 1, form: [num('count', '核查单位数')] }, 'community_officer', 'info'],
    ['SQ07', '标准地址采集校核', 'Standard addresses collected or corrected', monthly(1, 30), '条', { form: [num('count', '校核地址数')] }, 'grid_worker', 'info'],
    ['SQ08', '从业人员信息登记（上门采集）', 'Shop and site employees registered at the door', weekly([1], 50), '人次', { form: [num('count', '登记人次'), txt('sites', '登记场所')] }, 'auxiliary', 'info'],
    ['SQ09', '流动人口登记与注销', 'Migrant residents registered or deregistered', daily(1), '次', { form: [num('registered', '登记人数'), num('deregistered', '注销人数')] }, 'auxiliary', 'info'],
    ['SQ10', '群众安全感满意度走访', 'Sense-of-safety and satisfaction visits', weekly([1], 10), '户', { photos: 1, form: [pick('satisfaction', '满意度', ['满意', '基本满意', '不满意']), txt('suggestion', '意见建议', false)] }, 'community_officer'],
    ['SQ11', '警格团队碰头会（民警、网格员、调解员）', 'Police-grid team meeting (officers, grid workers, mediators)', weekly([5], 1), '次', { photos: 1, noteMinLength: 20 }, 'community_officer'],
    ['SQ12', '社区警务工作日志', 'Community policing daily log', daily(1), '篇', { noteMinLength: 30 }, 'community_officer'],
    ['SQ13', '社区民警与群众双向熟悉', 'Two-way familiarity with residents', monthly(15, 20), '人', { form: [num('known', '认识群众数'), num('knows_officer', '知晓社区民警数')] }, 'community_officer'],
    ['SQ14', '社区警务微信群信息发布', 'Posts in the community policing WeChat group', weekly([1], 3), '条', { photos: 1 }, 'auxiliary'],
    ['SQ15', '驻区工作打卡（每周不少于4天）', 'Check-in in the assigned zone (at least 4 days a week)', weekly(WORKDAYS, 1, 10 * H, 8 * H), '次', { location: L(300) }, 'community_officer'],
    ['SQ16', '社区警务台账整理', 'Community policing ledgers kept up to date', monthly('last', 1), '次', { form: [num('books', '台账册数'), yes('complete', '是否齐全')] }, 'community_officer'],
  ]),
  ...rows('basic_control', [
    ['JC01', '出租房屋治安检查', 'Rental housing safety inspection', weekly([2], 5), '户', { photos: 1, form: [yes('hazard', '是否发现隐患'), txt('fix', '整改要求', false)] }, 'community_officer'],
    ['JC02', '旅馆业治安检查', 'Hotel inspection', weekly([3], 2), '家', { photos: 1, location: L(150), form: [yes('registered', '住宿登记是否规范')] }, 'community_officer'],
    ['JC03', '寄递物流业检查（实名收寄）', 'Courier and logistics inspection (real-name posting)', monthly(10, 2), '家', { photos: 1, location: L(150), form: [yes('realname', '实名收寄落实')] }, 'community_officer'],
    ['JC04', '娱乐场所治安检查', 'Entertainment venue inspection', weekly([5], 1, 'period', 20 * H), '家', { photos: 2, location: L(150), form: [yes('hazard', '是否发现问题')] }, 'community_officer'],
    ['JC05', '废旧金属收购业检查', 'Scrap-metal dealer inspection', monthly(5, 1), '家', { photos: 1, location: L(150) }, 'auxiliary'],
    ['JC06', '涉危单位（危险化学品）安全检查', 'Hazardous-chemicals unit inspection', monthly(8, 1), '家', { photos: 2, location: L(200), form: [yes('ledger', '台账规范'), yes('storage', '储存符合要求'), txt('fix', '整改要求', false)] }, 'community_officer'],
    ['JC07', '易制爆危险化学品销售登记核查', 'Sales records of precursor chemicals checked', monthly(20, 1), '家', { photos: 1, form: [num('records', '核查记录条数')] }, 'community_officer'],
    ['JC08', '消防重点单位检查', 'Fire-safety key unit inspection', monthly(12, 2), '家', { photos: 2, location: L(200), form: [yes('passages', '疏散通道畅通'), yes('extinguishers', '灭火器有效')] }, 'community_officer'],
    ['JC09', '学校及周边安全检查', 'School and surroundings safety check', weekly([1], 1, 'period', 7 * H), '所', { photos: 2, location: L(200), form: [yes('guard', '保安在岗'), yes('gate', '校门硬隔离')] }, 'community_officer'],
    ['JC10', '上级基础管控指令核查办结', 'Basic-control instruction from the bureau checked and closed', once(1, 3 * D), '条', { form: [pick('result', '核查结果', ['属实已处置', '不属实', '移交相关部门']), txt('detail', '核查情况')] }, 'community_officer'],
    ['JC11', '互联网上网服务场所检查', 'Internet café inspection (minors, real-name use)', weekly([4], 1), '家', { photos: 1, location: L(150), form: [yes('minors', '是否接纳未成年人')] }, 'auxiliary'],
    ['JC12', '金融网点、加油站等重点部位巡查', 'Banks, fuel stations and other key places inspected', weekly([2, 5], 1), '处', { photos: 1, location: L(100) }, 'auxiliary'],
  ]),
  ...rows('cases', [
    ['AJ01', '在办案件进展反馈（作战小屏）', 'Progress of cases in hand reported on the screen', daily(1, 'period', 17 * H), '次', { noteMinLength: 10, form: [num('cases', '在办案件数'), num('closed', '今日办结数')] }, 'case_team'],
    ['AJ02', '所领导每日审核在手案件（防错、忘、漏）', "Deputy chief's daily review of cases in hand", daily(1), '次', { noteMinLength: 10, form: [num('reviewed', '审核案件数'), num('flagged', '提醒纠正数')] }, 'station_lead'],
    ['AJ03', '受案登记及时录入', 'Case intake registered in the system', once(1, 1 * D), '起', { form: [txt('case_no', '案件编号')] }, 'case_team'],
    ['AJ04', '刑事案件现场勘查', 'Crime-scene examination', once(1, 1 * D), '起', { photos: 3, location: L(100), form: [txt('case_no', '案件编号'), num('traces', '提取痕迹物证数')] }, 'case_team'],
    ['AJ05', '涉案财物登记入库', 'Case property registered and stored', once(1, 1 * D), '批', { photos: 2, form: [txt('case_no', '案件编号'), num('items', '物品件数')] }, 'case_team'],
    ['AJ06', '电诈案件紧急止付冻结跟进', 'Emergency stop-payment for a telecom-fraud case', once(1, 2 * H), '起', { form: [txt('case_no', '案件编号'), pick('result', '止付结果', ['已止付', '部分止付', '未能止付'])] }, 'case_team'],
    ['AJ07', '案件被害人回访', 'Follow-up visit to a victim', once(1, 7 * D), '人', { form: [pick('satisfaction', '满意度', ['满意', '基本满意', '不满意'])], noteMinLength: 10 }, 'case_team'],
    ['AJ08', '视频追踪取证', 'Video trace and evidence collection for a case', once(1, 2 * D), '起', { form: [txt('case_no', '案件编号'), num('clips', '调取视频段数')] }, 'case_team'],
    ['AJ09', '案件研判会', 'Weekly case analysis meeting', weekly([1], 1), '次', { photos: 1, noteMinLength: 30 }, 'case_team'],
    ['AJ10', '治安案件调解结案回访', 'Follow-up after a public-order case closed by mediation', once(1, 5 * D), '起', { form: [yes('stable', '是否稳定'), pick('satisfaction', '满意度', ['满意', '基本满意', '不满意'])] }, 'community_officer'],
  ]),
  ...rows('performance', [
    ['ZF01', '执法记录仪视音频当日上传', 'Body-camera recordings uploaded the same day', daily(1, 'period', 18 * H), '次', { form: [num('clips', '上传条数')] }, 'duty_officer'],
    ['ZF02', '执法办案场所使用登记', 'Use of the case-handling area registered', once(1, 2 * H), '次', { form: [txt('case_no', '案件编号'), yes('search', '人身安全检查')] }, 'case_team'],
    ['ZF03', '案件卷宗自查', 'Case files self-checked', weekly([5], 3), '卷', { form: [num('files', '自查卷数'), num('issues', '发现问题数')] }, 'case_team'],
    ['ZF04', '执法质量考评问题整改', 'Findings of the law-enforcement quality review corrected', monthly(5, 1, 10 * D), '项', { noteMinLength: 20 }, 'station_lead'],
    ['ZF05', '接处警登记规范性自查', 'Incident records checked for completeness', daily(1), '次', { form: [num('checked', '自查警情数'), num('fixed', '补正数')] }, 'command_room'],
    ['ZF06', '绩效指标周通报与推进', 'Weekly indicator bulletin and follow-up', weekly([1], 1), '次', { noteMinLength: 20 }, 'station_lead'],
    ['ZF07', '执法规范化学习与练兵', 'Law-enforcement training and drills', monthly(1, 1), '次', { photos: 1, form: [txt('topic', '学习主题'), num('hours', '学时')] }, 'community_officer'],
    ['ZF08', '群众投诉与信访件办理', 'Complaint or petition handled', once(1, 7 * D), '件', { noteMinLength: 30, form: [pick('result', '办理结果', ['已解决', '已答复', '转办'])] }, 'station_lead'],
  ]),
  ...rows('duty', [
    ['ZB01', '值班交接班（每日重要警情）', 'Duty handover with the day’s important incidents', daily(1, 60, 8 * H + 30), '次', { form: [num('important', '重要警情数'), txt('handover', '交接事项')] }, 'duty_officer'],
    ['ZB02', '110警情接处登记', '110 incidents received and recorded', daily(1), '次', { form: [num('incidents', '接处警数')] }, 'duty_officer'],
    ['ZB03', '备勤点名', 'Standby roll call', daily(1, 30, 8 * H), '次', { photos: 1 }, 'duty_officer'],
    ['ZB04', '警用装备检查（执法记录仪、对讲机、警械）', 'Equipment check (body cameras, radios, gear)', daily(1, 2 * H, 8 * H), '次', { form: [yes('ok', '装备完好')] }, 'duty_officer'],
    ['ZB05', '智巡车动态巡逻（有警出警、无警巡逻）', 'Smart patrol car on dynamic patrol', daily(1), '次', { photos: 1, form: [num('hours', '巡逻时长（小时）'), num('stops', '盘查登记数')] }, 'auxiliary'],
    ['ZB06', '夜间巡逻', 'Night patrol', daily(1, 6 * H, 21 * H), '次', { photos: 1, form: [num('hours', '巡逻时长（小时）')] }, 'auxiliary'],
    ['ZB07', '重大活动安保勤务', 'Security duty at a major event', once(1, 1 * D), '次', { photos: 2, location: L(300), noteMinLength: 20 }, 'duty_officer'],
    ['ZB08', '视频巡查', 'Video patrol round', daily(2), '轮', { form: [num('cameras', '巡查点位数'), num('found', '发现问题数')] }, 'command_room'],
    ['ZB09', '护学岗', 'School-gate duty at the morning rush', weekly(WORKDAYS, 1, 60, 7 * H + 10), '次', { photos: 1, location: L(150) }, 'auxiliary'],
  ]),
  ...rows('disputes', [
    ['MD01', '矛盾纠纷排查', 'Disputes sought out in the grid', weekly([1], 1), '次', { form: [num('checked', '排查户数'), num('found', '新发现纠纷数')] }, 'community_officer'],
    ['MD02', '矛盾纠纷首次调解（受理后3日内）', 'First mediation within 3 days of intake', once(1, 3 * D), '起', { photos: 1, form: [pick('result', '调解结果', ['调解成功', '部分达成', '未达成', '移交'])] }, 'community_officer'],
    ['MD03', '调解协议履行回访', 'Follow-up on a mediation agreement', once(1, 15 * D), '起', { form: [yes('kept', '协议履行'), yes('stable', '是否稳定')] }, 'community_officer'],
    ['MD04', '重大矛盾纠纷即时报告', 'Serious dispute reported to the station', once(1, 2 * H), '起', { noteMinLength: 30 }, 'community_officer'],
    ['MD05', '三调联动会商（人民、行政、司法调解）', 'Joint mediation meeting (people’s, administrative, judicial)', monthly(15, 1), '次', { photos: 1, noteMinLength: 20 }, 'station_lead'],
    ['MD06', '邻里纠纷上门调解', 'Neighbour dispute mediated at the door', once(1, 2 * D), '起', { photos: 1, location: L(200), form: [pick('result', '调解结果', ['调解成功', '部分达成', '未达成'])] }, 'grid_worker'],
    ['MD07', '家庭矛盾纠纷跟踪回访', 'Family dispute followed up', monthly(25, 2), '户', { form: [yes('stable', '是否稳定')] }, 'community_officer'],
    ['MD08', '矛盾纠纷台账更新', 'Dispute ledger updated', weekly([5], 1), '次', { form: [num('open', '在调纠纷数'), num('resolved', '本周化解数')] }, 'grid_worker'],
    ['MD09', '苗头性信息报送', 'Early-warning information on brewing conflicts reported', weekly([3], 1), '条', { noteMinLength: 20 }, 'grid_worker'],
  ]),
  ...rows('services', [
    ['FW01', '户籍业务代办（上门办理）', 'Household-registration business handled on behalf', once(1, 3 * D), '件', { form: [pick('kind', '业务类型', ['出生登记', '迁入迁出', '户口变更', '其他'])] }, 'auxiliary'],
    ['FW02', '居住证受理办理', 'Residence permit processed', once(1, 5 * D), '件', { form: [txt('applicant_ref', '受理编号')] }, 'auxiliary'],
    ['FW03', '特殊群体关爱走访（孤寡老人、困难儿童、重度残疾人）', 'Care visits (elderly living alone, children in hardship, severely disabled)', monthly(10, 5), '户', { photos: 1, form: [txt('needs', '帮扶需求', false)] }, 'community_officer'],
    ['FW04', '接处警民意回访', 'Callers asked about the police response', daily(3), '起', { form: [pick('satisfaction', '满意度', ['满意', '基本满意', '不满意'])] }, 'command_room'],
    ['FW05', '政务服务预约上门', 'Government service by appointment at home', once(1, 5 * D), '件', { photos: 1, location: L(200) }, 'community_officer'],
    ['FW06', '社区警务室开放日接待咨询', 'Open day at the community police room', monthly(20, 1), '次', { photos: 1, form: [num('visitors', '接待人数')] }, 'community_officer'],
    ['FW07', '平安商户联盟联络', 'Safe-shops alliance contact', monthly(1, 1), '次', { photos: 1, form: [num('shops', '联络商户数')] }, 'auxiliary'],
    ['FW08', '群众求助现场处置', 'Request for help dealt with on the spot', once(1, 1 * H), '起', { location: L(300), form: [pick('result', '处置结果', ['已解决', '已转办', '无需处置'])] }, 'duty_officer'],
    ['FW09', '走失人员协查', 'Search for a missing person', once(1, 12 * H), '起', { form: [yes('found', '是否找到')], noteMinLength: 10 }, 'duty_officer'],
    ['FW10', '“我为群众办实事”事项办理', '"Practical things for the people" item completed', monthly(1, 1), '件', { photos: 1, noteMinLength: 20 }, 'community_officer'],
  ]),
  ...rows('prevention', [
    ['AF01', '反诈预警劝阻', 'Anti-fraud warning: dissuade the person at risk', once(1, 2 * H), '人', { form: [pick('outcome', '劝阻结果', ['已劝阻', '已联系未劝阻', '已被骗', '无法联系'])] }, 'community_officer'],
    ['AF02', '反诈宣传进社区', 'Anti-fraud talk in the community', weekly([3], 1), '场', { photos: 2, form: [num('attendees', '参与人数')] }, 'community_officer'],
    ['AF03', '平安义警巡防组织', 'Volunteer patrol organised', weekly([6], 1), '次', { photos: 1, form: [num('volunteers', '参与义警人数')] }, 'community_officer'],
    ['AF04', '技防设施（视频监控）巡检', 'Cameras and other technical prevention checked', monthly(10, 1), '次', { form: [num('checked', '巡检点位数'), num('broken', '故障数')] }, 'auxiliary'],
    ['AF05', '必巡点位打卡（重点时段巡逻）', 'Must-patrol points checked at peak hours', daily(3, 'period', 18 * H), '点', { photos: 1, location: L(50) }, 'auxiliary'],
    ['AF06', '治安隐患排查整改', 'Public-safety hazards found and followed up', weekly([4], 2), '处', { photos: 1, form: [txt('hazard', '隐患描述'), yes('fixed', '是否整改')] }, 'grid_worker'],
    ['AF07', '治安乱点整治', 'Trouble spot cleaned up', monthly(1, 1, 20 * D), '处', { photos: 2, noteMinLength: 30 }, 'community_officer'],
    ['AF08', '未成年人保护（校园周边、网吧巡查）', 'Protection of minors (school surroundings, internet cafés)', monthly(15, 1), '次', { photos: 1 }, 'community_officer'],
    ['AF09', '“九小场所”消防安全检查', 'Fire-safety check of small premises', weekly([4], 3), '家', { photos: 1, form: [yes('hazard', '是否发现隐患')] }, 'grid_worker'],
  ]),
];

// ---------------------------------------------------------------- measures

/** Where a measure comes from. incidents, dispatch, patrol, fraud exist; tasks comes with issue 6; the rest later. */
export type MeasureSource = 'incidents' | 'dispatch' | 'patrol' | 'fraud' | 'tasks' | 'positions' | 'cases' | 'disputes' | 'followups';

export interface MeasureDef {
  name: string;
  zh: string;
  source: MeasureSource;
  /** What to count, for one subject (its area or its person) and one period. */
  description: string;
}

export const DEMO_MEASURES: readonly MeasureDef[] = [
  { name: 'incidents', zh: '有效警情数', source: 'incidents', description: 'incidents reported in the period located in the subject’s area (an officer: the zones they are responsible for), cancelled ones left out' },
  { name: 'incidents_last_year', zh: '去年同期警情数', source: 'incidents', description: 'the same count over the same dates one year earlier' },
  { name: 'cases', zh: '发案数（立案）', source: 'cases', description: 'criminal and public-order cases filed in the period in the subject’s area' },
  { name: 'cases_last_year', zh: '去年同期发案数', source: 'cases', description: 'the same count one year earlier' },
  { name: 'cases_solved', zh: '破案（查处）数', source: 'cases', description: 'cases of the period solved or concluded by the period end' },
  { name: 'cases_due', zh: '到期在办案件数', source: 'cases', description: 'cases in hand whose legal time limit fell in the period' },
  { name: 'cases_closed_on_time', zh: '按期办结数', source: 'cases', description: 'of cases_due, those concluded within the limit' },
  { name: 'arrivals', zh: '到场警情数', source: 'dispatch', description: 'incidents of the period with a dispatch and an arrival (the 1/3/5 standard’s denominator)' },
  { name: 'arrivals_on_target', zh: '按时到场数', source: 'dispatch', description: 'of arrivals, those whose dispatch-to-arrival time met the incident’s 60/180/300 s target' },
  { name: 'patrol_points_planned', zh: '计划必巡点位次', source: 'patrol', description: 'mandatory point visits in the plans of the period' },
  { name: 'patrol_points_visited', zh: '已打卡必巡点位次', source: 'patrol', description: 'of those, visits with a valid check-in' },
  { name: 'tasks_due', zh: '到期任务数', source: 'tasks', description: 'task occurrences assigned to the subject whose due time fell in the period, cancelled ones left out' },
  { name: 'tasks_done_on_time', zh: '按时完成任务数', source: 'tasks', description: 'of tasks_due, those done by their (extended) due time' },
  { name: 'yellow_cards', zh: '黄牌督办数', source: 'tasks', description: 'yellow cards issued in the period on the subject’s tasks' },
  { name: 'red_cards', zh: '红牌督办数', source: 'tasks', description: 'red cards issued in the period on the subject’s tasks' },
  { name: 'info_collected', zh: '信息采集量', source: 'tasks', description: 'progress reported in the period on templates with feeds = info (一标三实, employees, migrants)' },
  { name: 'info_target', zh: '信息采集任务量', source: 'tasks', description: 'sum of the targets of those templates’ occurrences due in the period' },
  { name: 'disputes_received', zh: '受理矛盾纠纷数', source: 'disputes', description: 'disputes taken in during the period in the subject’s area' },
  { name: 'disputes_resolved', zh: '化解矛盾纠纷数', source: 'disputes', description: 'of those, disputes resolved (agreement reached and stable at follow-up)' },
  { name: 'followups', zh: '回访数', source: 'followups', description: 'callers and victims reached for a follow-up in the period with an answer on satisfaction' },
  { name: 'followups_satisfied', zh: '回访满意数', source: 'followups', description: 'of those, answers 满意 or 基本满意' },
  { name: 'fraud_warnings', zh: '反诈预警数', source: 'fraud', description: 'accepted anti-fraud warnings routed to the subject due (deadline passed) or handled (outcome recorded) in the period' },
  { name: 'fraud_dissuaded', zh: '成功劝阻数', source: 'fraud', description: 'of those, outcome dissuaded' },
  { name: 'duty_minutes', zh: '在岗工作时长（分钟）', source: 'positions', description: 'minutes on duty (shifts worked) in the period' },
  { name: 'zone_minutes', zh: '驻区工作时长（分钟）', source: 'positions', description: 'of duty_minutes, minutes with a position inside the officer’s assigned zone' },
  { name: 'zone_days', zh: '驻区天数', source: 'positions', description: 'days with at least 4 hours inside the assigned zone' },
  { name: 'weeks', zh: '周数', source: 'positions', description: 'days in the period / 7 (30-day month: 30/7), so zone_days / weeks is days per week' },
];

/**
 * Sources whose modules do not exist yet (disputes, follow-ups; cases are connected since issue 17): their measures are null everywhere, and an
 * indicator resting on them is shown as 未接入 (reason `not_connected`), not as a silent 暂无数据; the default plans
 * leave such indicators out.
 */
export const NOT_CONNECTED_SOURCES: readonly MeasureSource[] = ['disputes', 'followups'];

/** Whether every one of these (missing) measures comes from a source not connected yet. */
export function allNotConnected(measures: readonly string[], defs: readonly MeasureDef[] = DEMO_MEASURES): boolean {
  if (measures.length === 0) return false;
  const off = new Set(defs.filter((m) => NOT_CONNECTED_SOURCES.includes(m.source)).map((m) => m.name));
  return measures.every((m) => off.has(m));
}

/** Whether an indicator's formula uses a measure of a source not connected yet (it can never have data today). */
export function usesNotConnected(formula: string, defs: readonly MeasureDef[] = DEMO_MEASURES): boolean {
  const names = new Set(formula.match(/[a-z_][a-z0-9_]*/gi) ?? []);
  return defs.some((m) => NOT_CONNECTED_SOURCES.includes(m.source) && names.has(m.name));
}

/** The measure names whose source is among `sources`: give the others as unavailable (null), never as zero. */
export function measuresOfSources(sources: readonly MeasureSource[], measures: readonly MeasureDef[] = DEMO_MEASURES): string[] {
  const set = new Set(sources);
  return measures.filter((m) => set.has(m.source)).map((m) => m.name);
}

// ---------------------------------------------------------------- indicators


export const DEMO_INDICATORS: readonly IndicatorDef[] = [
  {
    code: 'incident_yoy', name: '警情同比变化', nameEn: 'Incidents, change year on year', unit: '%',
    formula: '(incidents - incidents_last_year) / incidents_last_year * 100',
    better: 'lower', target: -5, zeroAt: 20, weight: 10, star: 'prevention',
    description: '降警情：较去年同期下降5%及以上满分，上升20%及以上零分',
  },
  {
    code: 'case_yoy', name: '发案同比变化', nameEn: 'Cases filed, change year on year', unit: '%',
    formula: '(cases - cases_last_year) / cases_last_year * 100',
    better: 'lower', target: -5, zeroAt: 20, weight: 5, star: 'prevention',
    description: '控发案：较去年同期下降5%及以上满分',
  },
  {
    code: 'case_clearance', name: '破案率', nameEn: 'Case clearance rate', unit: '%',
    formula: '100 * cases_solved / cases', better: 'higher', target: 60, weight: 5, star: 'case_solving',
  },
  {
    code: 'case_on_time', name: '在办案件按期办结率', nameEn: 'Cases in hand concluded on time', unit: '%',
    formula: '100 * cases_closed_on_time / cases_due', better: 'higher', target: 100, weight: 5, star: 'case_solving',
    description: '防止办案环节错、忘、漏',
  },
  {
    code: 'response_135', name: '1、3、5分钟到场达标率', nameEn: '1/3/5-minute arrival compliance', unit: '%',
    formula: '100 * arrivals_on_target / arrivals', better: 'higher', target: 90, weight: 10, star: 'service',
  },
  {
    code: 'patrol_coverage', name: '必巡点位覆盖率', nameEn: 'Must-patrol point coverage', unit: '%',
    formula: '100 * patrol_points_visited / patrol_points_planned', better: 'higher', target: 95, weight: 10, star: 'prevention',
  },
  {
    code: 'task_completion', name: '任务按时完成率', nameEn: 'Tasks done on time', unit: '%',
    formula: '100 * tasks_done_on_time / tasks_due', better: 'higher', target: 95, weight: 15,
    description: '作战小屏任务清单逐条逐项跟踪',
  },
  {
    code: 'supervision_rate', name: '督办率（黄牌、红牌）', nameEn: 'Yellow and red cards per 100 tasks', unit: '%',
    formula: '100 * (yellow_cards + red_cards) / tasks_due', better: 'lower', target: 2, zeroAt: 20, weight: 5,
  },
  {
    code: 'info_collection', name: '基础信息采集完成率', nameEn: 'Basic information collected against target', unit: '%',
    formula: 'min(100, 100 * info_collected / info_target)', better: 'higher', target: 100, weight: 10, star: 'service',
    description: '一标三实、从业人员、流动人口信息采集必上门',
  },
  {
    code: 'dispute_resolution', name: '矛盾纠纷化解率', nameEn: 'Disputes resolved', unit: '%',
    formula: '100 * disputes_resolved / disputes_received', better: 'higher', target: 95, weight: 5, star: 'mediation',
    description: '矛盾不上交',
  },
  {
    code: 'followup_satisfaction', name: '回访满意率', nameEn: 'Satisfaction at follow-up', unit: '%',
    formula: '100 * followups_satisfied / followups', better: 'higher', target: 95, weight: 5, star: 'service',
  },
  {
    code: 'fraud_dissuasion', name: '反诈预警劝阻率', nameEn: 'Anti-fraud warnings dissuaded', unit: '%',
    formula: '100 * fraud_dissuaded / fraud_warnings', better: 'higher', target: 95, weight: 5, star: 'prevention',
  },
  {
    code: 'zone_time_share', name: '驻区工作时间占比', nameEn: 'Share of working time in the assigned zone', unit: '%',
    formula: '100 * zone_minutes / duty_minutes', better: 'higher', target: 80, weight: 5, levels: ['officer'],
    description: '社区民警80%的工作时间“蹲”在社区',
  },
  {
    code: 'zone_days_per_week', name: '每周驻区天数', nameEn: 'Days a week in the assigned zone', unit: '天',
    formula: 'zone_days / weeks', better: 'higher', target: 4, weight: 5, levels: ['officer'],
    description: '每周不少于4天在警务区工作',
  },
];

// ---------------------------------------------------------------- the default plan

/** Monthly assessment of officers: weights sum to 100; stars proposed at a star score of 90 or more. */
export const DEFAULT_ASSESSMENT_PLAN: AssessmentPlan = {
  code: 'officer_monthly',
  name: '社区民警月度量化考核',
  level: 'officer',
  period: 'month',
  items: DEMO_INDICATORS.map((d) => ({ indicator: d.code, weight: d.weight })),
  stars: (['service', 'prevention', 'mediation', 'case_solving'] as const).map((star) => ({
    star,
    indicators: DEMO_INDICATORS.filter((d) => d.star === star).map((d) => d.code),
    minScore: 90,
  })),
  minCoverage: 0.5,
};
