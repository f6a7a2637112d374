// Word lists for demo customers: people, companies, places, products. Pinyin is kept next to
// each character so e-mail addresses and WeChat ids look like the person's name.
import type { Rng } from './prng.ts';

// Common surnames, roughly by frequency (the first ones are drawn more often — see personName).
const SURNAMES: readonly (readonly [string, string])[] = [
  ['王', 'wang'], ['李', 'li'], ['张', 'zhang'], ['刘', 'liu'], ['陈', 'chen'], ['杨', 'yang'],
  ['黄', 'huang'], ['赵', 'zhao'], ['吴', 'wu'], ['周', 'zhou'], ['徐', 'xu'], ['孙', 'sun'],
  ['马', 'ma'], ['朱', 'zhu'], ['胡', 'hu'], ['郭', 'guo'], ['何', 'he'], ['林', 'lin'],
  ['高', 'gao'], ['罗', 'luo'], ['郑', 'zheng'], ['梁', 'liang'], ['谢', 'xie'], ['宋', 'song'],
  ['唐', 'tang'], ['许', 'xu'], ['韩', 'han'], ['冯', 'feng'], ['邓', 'deng'], ['曹', 'cao'],
  ['彭', 'peng'], ['曾', 'zeng'], ['肖', 'xiao'], ['田', 'tian'], ['董', 'dong'], ['袁', 'yuan'],
  ['潘', 'pan'], ['于', 'yu'], ['蒋', 'jiang'], ['蔡', 'cai'], ['余', 'yu'], ['杜', 'du'],
  ['叶', 'ye'], ['程', 'cheng'], ['苏', 'su'], ['魏', 'wei'], ['吕', 'lv'], ['丁', 'ding'],
  ['任', 'ren'], ['沈', 'shen'], ['姚', 'yao'], ['卢', 'lu'], ['姜', 'jiang'], ['崔', 'cui'],
  ['钟', 'zhong'], ['谭', 'tan'], ['陆', 'lu'], ['汪', 'wang'], ['范', 'fan'], ['金', 'jin'],
];

const GIVEN: readonly (readonly [string, string])[] = [
  ['伟', 'wei'], ['芳', 'fang'], ['娜', 'na'], ['敏', 'min'], ['静', 'jing'], ['丽', 'li'],
  ['强', 'qiang'], ['磊', 'lei'], ['军', 'jun'], ['洋', 'yang'], ['勇', 'yong'], ['艳', 'yan'],
  ['杰', 'jie'], ['娟', 'juan'], ['涛', 'tao'], ['明', 'ming'], ['超', 'chao'], ['秀', 'xiu'],
  ['霞', 'xia'], ['平', 'ping'], ['刚', 'gang'], ['桂', 'gui'], ['英', 'ying'], ['华', 'hua'],
  ['建', 'jian'], ['国', 'guo'], ['文', 'wen'], ['辉', 'hui'], ['鹏', 'peng'], ['宇', 'yu'],
  ['浩', 'hao'], ['婷', 'ting'], ['雪', 'xue'], ['琳', 'lin'], ['晨', 'chen'], ['欣', 'xin'],
  ['博', 'bo'], ['凯', 'kai'], ['慧', 'hui'], ['佳', 'jia'], ['俊', 'jun'], ['志', 'zhi'],
  ['海', 'hai'], ['峰', 'feng'], ['倩', 'qian'], ['颖', 'ying'], ['春', 'chun'], ['红', 'hong'],
  ['亮', 'liang'], ['斌', 'bin'], ['梅', 'mei'], ['玲', 'ling'], ['晓', 'xiao'], ['东', 'dong'],
  ['雨', 'yu'], ['子', 'zi'], ['一', 'yi'], ['思', 'si'], ['天', 'tian'], ['嘉', 'jia'],
];

export type Person = { name: string; pinyin: string };

export function personName(rng: Rng): Person {
  // Squaring the uniform draw skews towards the front of the list, i.e. the commoner surnames.
  const s = SURNAMES[Math.floor(rng.next() ** 2 * SURNAMES.length)]!;
  const g1 = rng.pick(GIVEN);
  if (rng.chance(0.35)) return { name: s[0] + g1[0], pinyin: s[1] + g1[1] };
  const g2 = rng.pick(GIVEN);
  return { name: s[0] + g1[0] + g2[0], pinyin: s[1] + g1[1] + g2[1] };
}

export type RegionName = '华东' | '华南' | '华北' | '华中' | '西南' | '西北' | '东北';
export type City = { region: RegionName; city: string };

const CITIES: Record<RegionName, readonly string[]> = {
  华东: ['上海', '杭州', '南京', '苏州', '宁波', '合肥', '济南', '青岛', '福州', '厦门', '无锡', '温州'],
  华南: ['广州', '深圳', '东莞', '佛山', '珠海', '南宁', '海口', '中山'],
  华北: ['北京', '天津', '石家庄', '太原', '呼和浩特'],
  华中: ['武汉', '长沙', '郑州', '南昌'],
  西南: ['成都', '重庆', '昆明', '贵阳'],
  西北: ['西安', '兰州', '乌鲁木齐'],
  东北: ['沈阳', '大连', '长春', '哈尔滨'],
};

// The 华东 team mostly covers the east and north, the 华南 team the south and west.
const EAST_TEAM_REGIONS: Readonly<Record<RegionName, number>> = { 华东: 55, 华北: 20, 东北: 8, 华中: 10, 西北: 4, 华南: 2, 西南: 1 };
const SOUTH_TEAM_REGIONS: Readonly<Record<RegionName, number>> = { 华南: 55, 西南: 18, 华中: 12, 华东: 8, 西北: 4, 华北: 2, 东北: 1 };

export function cityFor(rng: Rng, team: 0 | 1): City {
  const region = rng.weighted(team === 0 ? EAST_TEAM_REGIONS : SOUTH_TEAM_REGIONS);
  return { region, city: rng.pick(CITIES[region]) };
}

// Industry → words a company in it would put in its name.
const INDUSTRIES: Readonly<Record<string, readonly string[]>> = {
  软件与信息服务: ['科技', '信息技术', '软件', '网络科技'],
  制造业: ['机械', '精密制造', '电子', '新材料'],
  批发零售: ['贸易', '商贸', '供应链'],
  物流运输: ['物流', '供应链管理', '运输'],
  餐饮酒店: ['餐饮管理', '酒店管理', '食品'],
  医疗健康: ['医疗器械', '生物科技', '健康管理'],
  教育培训: ['教育科技', '教育咨询', '培训'],
  建筑建材: ['建材', '建筑工程', '装饰工程'],
  金融服务: ['投资咨询', '融资租赁', '资产管理'],
  文化传媒: ['文化传媒', '广告', '影视文化'],
};
export const INDUSTRY_NAMES: readonly string[] = Object.keys(INDUSTRIES);

const BRANDS: readonly (readonly [string, string])[] = [
  ['恒远', 'hengyuan'], ['华信', 'huaxin'], ['博达', 'boda'], ['新锐', 'xinrui'], ['嘉禾', 'jiahe'], ['鼎盛', 'dingsheng'],
  ['汇通', 'huitong'], ['瑞丰', 'ruifeng'], ['天成', 'tiancheng'], ['宏图', 'hongtu'], ['中科', 'zhongke'], ['安泰', 'antai'],
  ['正泰', 'zhengtai'], ['启明', 'qiming'], ['远航', 'yuanhang'], ['卓越', 'zhuoyue'], ['盛世', 'shengshi'], ['金桥', 'jinqiao'],
  ['云帆', 'yunfan'], ['智联', 'zhilian'], ['明德', 'mingde'], ['长风', 'changfeng'], ['海纳', 'haina'], ['同创', 'tongchuang'],
  ['德润', 'derun'], ['优品', 'youpin'], ['睿思', 'ruisi'], ['聚源', 'juyuan'], ['凯旋', 'kaixuan'], ['普惠', 'puhui'],
  ['东方', 'dongfang'], ['信达', 'xinda'], ['华美', 'huamei'], ['永信', 'yongxin'], ['越秀', 'yuexiu'], ['银河', 'yinhe'],
];

export function companyName(rng: Rng, city: string, industry: string): { name: string; domain: string } {
  const [brand, pinyin] = rng.pick(BRANDS);
  const word = rng.pick(INDUSTRIES[industry] ?? ['科技']);
  // Made-up domains: brand pinyin plus a number, so two 恒远 companies rarely share one.
  return { name: `${city}${brand}${word}有限公司`, domain: `${pinyin}${rng.int(1, 99)}.com.cn` };
}

export const SOURCES: readonly string[] = ['展会', '转介绍', '官网咨询', '电话营销', '老客户推荐', '地推', '抖音', '微信公众号', '行业协会'];

export const PRODUCTS: readonly string[] = ['水晶球CRM 标准版', '水晶球CRM 专业版', '数据分析模块', '移动审批模块', '呼叫中心集成'];
export const SERVICES: readonly string[] = ['实施服务', '培训服务', '年度运维', '定制开发', '数据迁移'];

// Carrier prefixes of mainland mobile numbers (1[3-9]x).
export const MOBILE_PREFIXES: readonly string[] = [
  '130', '131', '132', '133', '134', '135', '136', '137', '138', '139', '150', '151', '152', '153',
  '155', '156', '157', '158', '159', '166', '173', '175', '176', '177', '178', '180', '181', '182',
  '183', '184', '185', '186', '187', '188', '189', '191', '198', '199',
];

export const MAIL_HOSTS: readonly string[] = ['qq.com', '163.com', '126.com', 'sina.com', 'foxmail.com'];

// Staff of the demo org: fixed so the logins printed by `npm start` stay the same.
export const STAFF_NAMES = {
  admin: '陈总',
  managers: ['王经理', '李经理'],
  reps: ['张伟', '刘洋', '赵敏', '黄磊', '吴婷', '郑浩'],
} as const;
export const TEAM_NAMES = ['华东一组', '华南二组'] as const;
