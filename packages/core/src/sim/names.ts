// Name and number pools for the demo county. Everything here is invented for the demo; the pools are plain
// data and every draw goes through a seeded Rng.

import type { Rng } from './rng';

/** Common surnames, most frequent first (weights fall off roughly like the real distribution in Jiangsu). */
const SURNAMES = [
  '王', '陈', '张', '李', '刘', '徐', '朱', '周', '吴', '孙', '杨', '黄', '顾', '钱', '沈', '姜', '蒋', '胡', '许', '高',
  '缪', '丁', '赵', '马', '陆', '郭', '曹', '凌', '何', '储', '季', '卢', '夏', '施', '谢', '宋', '薛', '潘', '袁', '葛',
  '范', '戴', '仲', '韩', '邵', '冯', '翟', '单', '梁', '唐', '严', '宗', '殷', '邹', '汤', '史', '鞠', '叶', '秦', '于',
];
const SURNAME_WEIGHTS = SURNAMES.map((_, i) => 1 / (i + 4));

const GIVEN_MALE = [
  '伟', '强', '磊', '军', '勇', '杰', '涛', '斌', '超', '明', '刚', '平', '辉', '鹏', '华', '飞', '鑫', '波', '宇', '浩',
  '凯', '健', '俊', '帆', '旭', '宁', '龙', '林', '阳', '建', '国', '峰', '亮', '成', '东', '文', '晨', '博', '志', '海',
  '洋', '翔', '春', '荣', '祥', '中', '兵', '栋', '诚', '卫',
];
const GIVEN_FEMALE = [
  '芳', '娜', '敏', '静', '丽', '艳', '娟', '霞', '秀', '燕', '玲', '英', '红', '梅', '琳', '雪', '婷', '慧', '莹', '倩',
  '佳', '欣', '悦', '颖', '洁', '萍', '琴', '兰', '云', '月', '蕾', '菊', '凤', '桂', '蓉', '珍', '晶', '璐', '雯', '露',
];

/** A plausible Chinese personal name: surname + one or two given-name characters. */
export function personName(rng: Rng): string {
  const surname = rng.weighted(SURNAMES, SURNAME_WEIGHTS);
  const pool = rng.chance(0.5) ? GIVEN_MALE : GIVEN_FEMALE;
  const given = rng.chance(0.72) ? rng.pick(pool) + rng.pick(pool) : rng.pick(pool);
  return surname + given;
}

/** A name not yet in `taken` (which it then joins). */
export function uniquePersonName(rng: Rng, taken: Set<string>): string {
  for (let i = 0; i < 50; i++) {
    const n = personName(rng);
    if (!taken.has(n)) {
      taken.add(n);
      return n;
    }
  }
  const n = personName(rng) + rng.pick(GIVEN_MALE);
  taken.add(n);
  return n;
}

const MOBILE_PREFIXES = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '155', '157', '158', '159', '180', '181', '182', '187', '188', '189'];

/** A fake 11-digit mobile number starting with 13, 15 or 18. */
export function mobilePhone(rng: Rng): string {
  let s = rng.pick(MOBILE_PREFIXES);
  for (let i = 0; i < 8; i++) s += String(rng.int(0, 9));
  return s;
}

/** A mobile number not yet in `taken` (which it then joins). */
export function uniqueMobilePhone(rng: Rng, taken: Set<string>): string {
  for (;;) {
    const p = mobilePhone(rng);
    if (!taken.has(p)) {
      taken.add(p);
      return p;
    }
  }
}

/** Community (社区) name stems for the towns, by station key. */
export const TOWN_COMMUNITY_STEMS: Record<'tms' | 'lz' | 'bm', string[]> = {
  tms: ['三水', '罗塘', '天目', '东桥', '中天', '鹏程', '文昌', '春晖', '凤凰', '北园', '南苑', '西园', '东园', '新桥', '城中', '太平', '双登', '广场'],
  lz: ['娄庄', '娄东', '娄西', '娄南', '娄北'],
  bm: ['白米', '腾飞', '白东', '米南', '白西'],
};

/** Village (村) name stems. */
export const VILLAGE_STEMS = [
  '陈庄', '孔庄', '胡庄', '洪林', '小杨', '夏庄', '徐庄', '王庄', '马庄', '蒋垛', '曹堡', '三官', '里华', '青蒲', '塘湾',
  '杨桥', '张甸', '周舍', '沈家', '刘陈', '梁徐', '桥头', '田河', '黄墩', '官庄', '河横', '溪桥', '西舍', '叶甸', '花庄',
  '唐港', '王石', '单塘', '朱庄', '薛庄', '吕庄', '邵庄', '钱家', '顾家', '殷家',
];

/** Street name stems for the central town (天目山). */
export const CITY_STREET_STEMS = [
  '人民', '解放', '建设', '文化', '和平', '胜利', '青年', '友谊', '团结', '光明', '幸福', '振兴', '长江', '黄河', '罗塘',
  '三水', '天目', '中天', '东方', '春晖', '朝阳', '新华', '花园', '阳光', '育才', '学府', '鼓楼', '太平', '兴姜', '济川',
  '春江', '迎宾', '望海', '宁靖', '姜堰', '泰州', '扬子', '凤凰', '银杏', '梅花',
];

/** Street names for the market towns (娄庄, 白米). */
export const TOWN_STREET_NAMES = ['商业街', '老街', '新街', '振兴路', '工业路', '育才路', '建设路', '文化路', '富民路', '兴业路', '康宁路', '园区路', '菜场路', '中心路', '河西街', '东街'];

export const CHINESE_NUMERALS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三', '十四', '十五'];

/** 1..15 as Chinese numerals. */
export function cn(n: number): string {
  return CHINESE_NUMERALS[n] ?? String(n);
}
