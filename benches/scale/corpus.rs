//! A deterministic corpus of realistic plans for the benchmark and the tests.
//!
//! For a given number of plans and seed the files are always the same bytes: 150 units in a
//! three-level tree (6 city federations, 4 districts or counties under each, 5 unions under
//! each of those), 14 years, 1 to 3 tags from 12, a draft now and then, and Chinese bodies of
//! 3 to 6 KB with headings, lists, an occasional table and an occasional link to another plan
//! of the same unit. Sentences are assembled from pools of the phrases union plans are written
//! in, so full-text indexes get a realistic vocabulary rather than one repeated paragraph.
//!
//! Each plan's body comes from its own random stream (seed and index), so bodies can be
//! generated in parallel and in any order.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

use rayon::prelude::*;

pub const FIRST_YEAR: i32 = 2011;
pub const YEARS: i32 = 14;
pub const SITE_TITLE: &str = "工会工作计划汇编";

/// One unit of the tree; `parent` is an index into [`Corpus::units`].
pub struct UnitSpec {
    pub name: String,
    pub slug: String,
    pub parent: Option<usize>,
}

/// Everything about a plan but its body.
pub struct PlanSpec {
    /// The file name without `.md`; unique.
    pub stem: String,
    pub title: String,
    pub unit: usize,
    pub year: i32,
    /// Month and day, when the plan is dated.
    pub date: Option<(u32, u32)>,
    pub kind: &'static str,
    pub tags: Vec<&'static str>,
    pub author: Option<&'static str>,
    pub draft: bool,
    /// A published plan of the same unit this one links to.
    pub link_to: Option<usize>,
}

pub struct Corpus {
    pub seed: u64,
    pub units: Vec<UnitSpec>,
    pub plans: Vec<PlanSpec>,
}

impl Corpus {
    pub fn new(plans: usize, seed: u64) -> Corpus {
        let units = units();
        let mut rng = fastrand::Rng::with_seed(mix(seed, u64::MAX));
        // Plans so far per unit and year: the ordinal keeps titles and file names unique.
        let mut ordinal: HashMap<(usize, i32), usize> = HashMap::new();
        let mut published_of_unit: Vec<Vec<usize>> = vec![Vec::new(); units.len()];
        let mut specs = Vec::with_capacity(plans);
        for index in 0..plans {
            // Higher units publish more: a city federation as much as three street unions.
            let unit = loop {
                let candidate = rng.usize(..units.len());
                let weight = match depth(&units, candidate) {
                    0 => 3,
                    1 => 2,
                    _ => 1,
                };
                if rng.usize(..3) < weight {
                    break candidate;
                }
            };
            let year = FIRST_YEAR + rng.i32(0..YEARS);
            let k = {
                let next = ordinal.entry((unit, year)).or_default();
                *next += 1;
                *next - 1
            };
            let unit_name = &units[unit].name;
            let (title, kind) = if k == 0 {
                (format!("{unit_name}{year}年工作计划"), "工作计划")
            } else {
                let kind = KINDS[rng.usize(..KINDS.len())];
                let topic = TOPICS[(k - 1) % TOPICS.len()];
                let round = (k - 1) / TOPICS.len();
                let round = if round == 0 {
                    String::new()
                } else {
                    format!("（之{}）", round + 1)
                };
                (format!("{unit_name}{year}年{topic}{kind}{round}"), kind)
            };
            let stem = format!("{year}-{}-{k:02}", units[unit].slug);
            let date = (rng.u8(..10) < 8).then(|| (rng.u32(1..=12), rng.u32(1..=28)));
            let mut tags: Vec<&'static str> = Vec::new();
            for _ in 0..rng.usize(1..=3) {
                let tag = TAGS[rng.usize(..TAGS.len())];
                if !tags.contains(&tag) {
                    tags.push(tag);
                }
            }
            let author = (rng.u8(..4) == 0).then(|| DEPARTMENTS[rng.usize(..DEPARTMENTS.len())]);
            let draft = rng.u32(..100) == 0;
            let earlier = &published_of_unit[unit];
            let link_to = (!earlier.is_empty() && rng.u8(..100) < 15)
                .then(|| earlier[rng.usize(..earlier.len())]);
            if !draft {
                published_of_unit[unit].push(index);
            }
            specs.push(PlanSpec {
                stem,
                title,
                unit,
                year,
                date,
                kind,
                tags,
                author,
                draft,
                link_to,
            });
        }
        Corpus {
            seed,
            units,
            plans: specs,
        }
    }

    /// `site.yaml`, declaring the unit tree.
    pub fn site_yaml(&self) -> String {
        let mut yaml = format!(
            "title: {SITE_TITLE}\ndescription: 各级工会的工作计划与总结（基准测试语料）\nbase_url: https://intranet.example/plans/\nunits:\n"
        );
        for unit in &self.units {
            let _ = writeln!(yaml, "  - name: {}\n    slug: {}", unit.name, unit.slug);
            if let Some(parent) = unit.parent {
                let _ = writeln!(yaml, "    parent: {}", self.units[parent].name);
            }
        }
        yaml
    }

    /// Where plan `index` lives, relative to the site root.
    pub fn plan_path(&self, index: usize) -> String {
        format!("content/plans/{}.md", self.plans[index].stem)
    }

    /// The whole file of plan `index`: front matter and body.
    pub fn plan_file(&self, index: usize) -> String {
        let plan = &self.plans[index];
        let mut text = format!(
            "---\ntitle: {}\nunit: {}\nyear: {}\n",
            plan.title, self.units[plan.unit].name, plan.year
        );
        if let Some((month, day)) = plan.date {
            let _ = writeln!(text, "date: {}-{month:02}-{day:02}", plan.year);
        }
        let _ = writeln!(
            text,
            "kind: {}\ntags: [{}]",
            plan.kind,
            plan.tags.join(", ")
        );
        if let Some(author) = plan.author {
            let _ = writeln!(text, "author: {author}");
        }
        if plan.draft {
            text.push_str("draft: true\n");
        }
        text.push_str("---\n\n");
        text.push_str(&self.body(index));
        text
    }

    /// The Markdown body of plan `index`: 3 to 6 KB.
    pub fn body(&self, index: usize) -> String {
        let plan = &self.plans[index];
        let mut w = Writer {
            rng: fastrand::Rng::with_seed(mix(self.seed, index as u64)),
            text: String::with_capacity(6 * 1024),
        };
        // Tasks are added while they fit, so the body ends within a task's length of this.
        let target = w.rng.usize(3584..5632);
        let schedule = w.rng.u8(..10) < 3;
        let reserved = if schedule { 1000 } else { 400 };
        w.paragraph(3);
        if let Some(other) = plan.link_to {
            let other = &self.plans[other];
            let _ = write!(
                w.text,
                "本计划与[{}]({}.md)相衔接，",
                other.title, other.stem
            );
            w.paragraph(1);
        }
        let mut section = 0;
        w.heading(2, &format!("{}、指导思想", NUMERALS[section]));
        w.paragraph(3);
        section += 1;
        w.heading(2, &format!("{}、工作目标", NUMERALS[section]));
        w.ordered_list();
        section += 1;
        w.heading(2, &format!("{}、主要任务", NUMERALS[section]));
        let mut task = 0;
        while w.text.len() + reserved + 250 < target && task < NUMERALS.len() {
            let heading = format!("（{}）{}", NUMERALS[task], w.task());
            w.heading(3, &heading);
            let sentences = 2 + w.rng.usize(..3);
            w.paragraph(sentences);
            if w.rng.bool() {
                w.bullet_list();
            }
            task += 1;
        }
        section += 1;
        if schedule {
            w.heading(2, &format!("{}、进度安排", NUMERALS[section]));
            w.table();
            section += 1;
        }
        w.heading(2, &format!("{}、保障措施", NUMERALS[section]));
        w.paragraph(3);
        w.text
    }

    /// Writes the site for plansite: `site.yaml` and one file per plan.
    pub fn write(&self, root: &Path) -> io::Result<()> {
        fs::create_dir_all(root.join("content/plans"))?;
        fs::write(root.join("site.yaml"), self.site_yaml())?;
        self.write_plans(root, |i| self.plan_file(i))
    }

    /// Writes `file(i)` for every plan at its path under `root`, in parallel.
    pub fn write_plans(
        &self,
        root: &Path,
        file: impl Fn(usize) -> String + Sync,
    ) -> io::Result<()> {
        (0..self.plans.len())
            .into_par_iter()
            .try_for_each(|i| fs::write(root.join(self.plan_path(i)), file(i)))
    }
}

/// The depth of unit `index` in the tree (0 at the top).
fn depth(units: &[UnitSpec], index: usize) -> usize {
    let mut depth = 0;
    let mut at = units[index].parent;
    while let Some(parent) = at {
        depth += 1;
        at = units[parent].parent;
    }
    depth
}

/// splitmix64 of the seed and a stream number: independent streams from one seed.
fn mix(seed: u64, stream: u64) -> u64 {
    let mut z = seed ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn units() -> Vec<UnitSpec> {
    let mut units = Vec::new();
    for (c, (city, city_slug)) in CITIES.iter().enumerate() {
        let city_index = units.len();
        units.push(UnitSpec {
            name: format!("{city}市总工会"),
            slug: city_slug.to_string(),
            parent: None,
        });
        for (district, district_slug) in &DISTRICTS[c * 4..c * 4 + 4] {
            let district_index = units.len();
            units.push(UnitSpec {
                name: format!("{district}总工会"),
                slug: format!("{city_slug}-{district_slug}"),
                parent: Some(city_index),
            });
            for (union, union_slug) in BASE_UNIONS {
                let short = district.trim_end_matches(['区', '县']);
                units.push(UnitSpec {
                    name: format!("{short}{union}"),
                    slug: format!("{city_slug}-{district_slug}-{union_slug}"),
                    parent: Some(district_index),
                });
            }
        }
    }
    units
}

/// Appends Markdown made of the phrase pools.
struct Writer {
    rng: fastrand::Rng,
    text: String,
}

impl Writer {
    fn pick<'a>(&mut self, pool: &[&'a str]) -> &'a str {
        pool[self.rng.usize(..pool.len())]
    }

    fn heading(&mut self, level: usize, text: &str) {
        let _ = write!(self.text, "{} {text}\n\n", "#".repeat(level));
    }

    /// `count` sentences and a blank line.
    fn paragraph(&mut self, count: usize) {
        for _ in 0..count {
            self.sentence();
        }
        self.text.push_str("\n\n");
    }

    fn sentence(&mut self) {
        let (subject, adverb, verb, object) = (
            self.pick(SUBJECTS),
            self.pick(ADVERBS),
            self.pick(VERBS),
            self.pick(OBJECTS),
        );
        match self.rng.u8(..5) {
            0 => {
                let (time, figure, purpose) =
                    (self.pick(TIMES), self.figure(), self.pick(PURPOSES));
                let _ = write!(
                    self.text,
                    "{time}，{subject}{verb}{object}，{figure}，{purpose}。"
                );
            }
            1 => {
                let (verb2, object2, purpose) =
                    (self.pick(VERBS), self.pick(OBJECTS), self.pick(PURPOSES));
                let _ = write!(
                    self.text,
                    "{adverb}{verb}{object}，{verb2}{object2}，{purpose}。"
                );
            }
            2 => {
                let theme = self.pick(OBJECTS);
                let _ = write!(
                    self.text,
                    "围绕{theme}，{subject}要{adverb}{verb}{object}，做到有计划、有措施、有检查。"
                );
            }
            3 => {
                let figure = self.figure();
                let _ = write!(self.text, "{subject}{adverb}{verb}{object}，{figure}。");
            }
            _ => {
                let purpose = self.pick(PURPOSES);
                let _ = write!(self.text, "{subject}{adverb}{verb}{object}，{purpose}。");
            }
        }
    }

    /// A figure such as 全年走访慰问困难职工326户, every `{}` a number.
    fn figure(&mut self) -> String {
        let template = self.pick(FIGURES);
        let mut out = String::new();
        for (i, part) in template.split("{}").enumerate() {
            if i > 0 {
                let _ = write!(out, "{}", self.rng.u32(3..2000));
            }
            out.push_str(part);
        }
        out
    }

    fn task(&mut self) -> String {
        let (adverb, verb, object) = (self.pick(ADVERBS), self.pick(VERBS), self.pick(OBJECTS));
        format!("{adverb}{verb}{object}")
    }

    fn ordered_list(&mut self) {
        for n in 1..=self.rng.usize(3..=5) {
            let (verb, object, purpose) =
                (self.pick(VERBS), self.pick(OBJECTS), self.pick(PURPOSES));
            let _ = writeln!(self.text, "{n}. {verb}{object}，{purpose}。");
        }
        self.text.push('\n');
    }

    fn bullet_list(&mut self) {
        for _ in 0..self.rng.usize(2..=4) {
            let (verb, object) = (self.pick(VERBS), self.pick(OBJECTS));
            let figure = self.figure();
            let _ = writeln!(self.text, "- {verb}{object}，{figure}；");
        }
        self.text.push('\n');
    }

    fn table(&mut self) {
        self.text
            .push_str("| 时间 | 工作内容 | 责任部门 | 完成标准 |\n| --- | --- | --- | --- |\n");
        let mut month = 0;
        for _ in 0..self.rng.usize(3..=6) {
            month += 1 + self.rng.u32(..3);
            if month > 12 {
                break;
            }
            let (verb, object, department, standard) = (
                self.pick(VERBS),
                self.pick(OBJECTS),
                self.pick(DEPARTMENTS),
                self.pick(STANDARDS),
            );
            let _ = writeln!(
                self.text,
                "| {month}月 | {verb}{object} | {department} | {standard} |"
            );
        }
        self.text.push('\n');
    }
}

const NUMERALS: [&str; 12] = [
    "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二",
];

const CITIES: [(&str, &str); 6] = [
    ("江城", "jiangcheng"),
    ("临川", "linchuan"),
    ("安平", "anping"),
    ("青州", "qingzhou"),
    ("云岭", "yunling"),
    ("海川", "haichuan"),
];

/// Four for each city, in the order of [`CITIES`].
const DISTRICTS: [(&str, &str); 24] = [
    ("东湖区", "donghu"),
    ("西山区", "xishan"),
    ("南岸县", "nanan"),
    ("北塘县", "beitang"),
    ("城关区", "chengguan"),
    ("河口区", "hekou"),
    ("石桥县", "shiqiao"),
    ("龙泉县", "longquan"),
    ("新华区", "xinhua"),
    ("高新区", "gaoxin"),
    ("白沙县", "baisha"),
    ("清河县", "qinghe"),
    ("中山区", "zhongshan"),
    ("滨海区", "binhai"),
    ("桃源县", "taoyuan"),
    ("凤凰县", "fenghuang"),
    ("长安区", "changan"),
    ("金水区", "jinshui"),
    ("松溪县", "songxi"),
    ("柳林县", "liulin"),
    ("湖滨区", "hubin"),
    ("开发区", "kaifa"),
    ("双峰县", "shuangfeng"),
    ("永宁县", "yongning"),
];

/// Five under each district or county.
const BASE_UNIONS: [(&str, &str); 5] = [
    ("城关街道总工会", "chengguan-jiedao"),
    ("工业园区工会联合会", "gongye-yuanqu"),
    ("教育工会", "jiaoyu"),
    ("卫生健康工会", "weisheng"),
    ("机关工会", "jiguan"),
];

const KINDS: [&str; 4] = ["工作计划", "工作总结", "工作要点", "实施方案"];

const TAGS: [&str; 12] = [
    "困难帮扶",
    "女职工",
    "集体协商",
    "劳动竞赛",
    "安全生产",
    "职工之家",
    "职工培训",
    "厂务公开",
    "农民工",
    "劳模工匠",
    "法律援助",
    "文体活动",
];

/// What a plan beyond a unit's first in a year is about.
const TOPICS: [&str; 30] = [
    "困难职工帮扶",
    "工资集体协商",
    "女职工权益保护",
    "职工之家建设",
    "劳动竞赛",
    "安全生产监督",
    "职工教育培训",
    "厂务公开民主管理",
    "农民工入会",
    "送温暖活动",
    "金秋助学",
    "劳模评选表彰",
    "职工文体活动",
    "工会经费审查",
    "基层组织建设",
    "职工法律援助",
    "职工医疗互助",
    "职工心理健康服务",
    "职业技能比武",
    "合理化建议活动",
    "节能减排竞赛",
    "和谐劳动关系创建",
    "职工书屋建设",
    "户外劳动者驿站建设",
    "新就业形态劳动者入会",
    "工会干部培训",
    "宣传教育",
    "网上工会建设",
    "职工代表大会",
    "夏季送清凉",
];

const SUBJECTS: &[&str] = &[
    "各级工会组织",
    "基层工会",
    "我们",
    "县总工会",
    "各产业工会",
    "工会女职工委员会",
    "经费审查委员会",
    "机关工会",
    "各街道总工会",
    "企业工会",
    "工会干部",
    "劳动保护监督检查员",
    "职工代表",
    "工会主席",
    "全体工会干部",
    "各乡镇工会",
];

const ADVERBS: &[&str] = &[
    "切实",
    "进一步",
    "认真",
    "积极",
    "扎实",
    "全面",
    "持续",
    "大力",
    "深入",
    "不断",
    "着力",
    "主动",
];

const VERBS: &[&str] = &[
    "开展", "推进", "加强", "落实", "做好", "完善", "深化", "探索", "健全", "推动", "组织", "实施",
    "建立", "规范", "提升", "拓展", "抓好", "强化", "创新", "巩固",
];

const OBJECTS: &[&str] = &[
    "困难职工帮扶工作",
    "工资集体协商",
    "女职工特殊权益保护",
    "职工之家建设",
    "劳动竞赛",
    "安全生产监督",
    "职工技能培训",
    "厂务公开民主管理",
    "职工代表大会制度",
    "农民工入会工作",
    "金秋助学活动",
    "送温暖活动",
    "劳动模范评选表彰",
    "职工文体活动",
    "工会经费收缴",
    "工会资产管理",
    "基层工会规范化建设",
    "职工法律援助",
    "劳动争议调解",
    "职工医疗互助",
    "职工心理健康服务",
    "职业技能比武",
    "合理化建议活动",
    "节能减排竞赛",
    "和谐劳动关系创建",
    "职工书屋建设",
    "户外劳动者服务站点建设",
    "新就业形态劳动者入会",
    "工会干部培训",
    "网上工会建设",
    "职工思想政治引领",
    "劳模工匠人才创新工作室建设",
    "困难职工档案管理",
    "就业创业服务",
    "职业病防治宣传",
    "女职工“两癌”筛查",
    "母婴关爱室建设",
    "集体合同履约监督",
    "工资支付保障",
    "职工互助保障",
    "职工疗休养",
    "一线职工慰问",
    "夏季送清凉",
    "职工子女暑期托管",
    "青年职工联谊",
    "工会宣传阵地建设",
    "工会财务管理",
    "经审监督",
    "群众性技术创新活动",
    "职工素质提升工程",
    "单身职工交友活动",
    "退休职工关怀",
    "职工维权服务",
    "劳动安全卫生检查",
    "源头参与",
    "民主恳谈",
    "工会组织覆盖",
    "非公企业建会",
    "职工之家示范点创建",
    "产业工人队伍建设改革",
];

const PURPOSES: &[&str] = &[
    "切实维护职工合法权益",
    "为构建和谐劳动关系作出积极贡献",
    "不断增强工会组织的凝聚力和吸引力",
    "努力把工会建成职工信赖的职工之家",
    "推动各项工作再上新台阶",
    "确保全年目标任务圆满完成",
    "让职工群众有更多获得感",
    "为经济社会发展贡献工会力量",
    "进一步激发职工的劳动热情和创造活力",
    "促进企业与职工共谋发展",
    "营造安全和谐的生产环境",
    "切实解决职工群众急难愁盼问题",
    "提高职工队伍整体素质",
    "夯实工会基层基础",
    "推动工会工作提质增效",
    "形成齐抓共管的良好局面",
    "做到底数清、情况明",
    "使帮扶工作经常化、制度化",
    "扩大工会工作的社会影响",
    "保障职工的知情权、参与权和监督权",
    "把党的关怀送到职工心坎上",
    "推动女职工工作创新发展",
    "维护职工队伍稳定",
    "推动企业健康发展",
    "引导职工建功立业",
];

const TIMES: &[&str] = &[
    "今年以来",
    "上半年",
    "全年",
    "一季度",
    "下半年",
    "年初",
    "“五一”期间",
    "元旦春节期间",
    "夏季高温期间",
    "金秋时节",
    "年底前",
    "每季度",
];

const FIGURES: &[&str] = &[
    "全年走访慰问困难职工{}户",
    "举办各类培训班{}期、培训职工{}人次",
    "发放慰问金{}万元",
    "新建职工之家{}个",
    "签订工资集体合同{}份、覆盖职工{}人",
    "组织职工参加劳动竞赛{}场",
    "为{}名困难职工子女发放助学金",
    "受理职工来信来访{}件",
    "开展安全生产检查{}次、排查隐患{}处",
    "发展会员{}名",
    "建成户外劳动者服务站点{}个",
    "组织女职工“两癌”筛查{}人",
    "收到合理化建议{}条、采纳{}条",
    "为职工办实事好事{}件",
    "建立困难职工档案{}份",
];

const DEPARTMENTS: &[&str] = &[
    "办公室",
    "组织部",
    "宣传教育部",
    "女职工部",
    "经济技术保护部",
    "权益保障部",
    "财务部",
    "经审办",
    "基层工作部",
    "法律工作部",
];

const STANDARDS: &[&str] = &[
    "按时完成",
    "覆盖率达到九成以上",
    "形成书面报告",
    "建立工作台账",
    "全面完成",
    "职工满意率九成以上",
    "经验材料报送市总",
];
