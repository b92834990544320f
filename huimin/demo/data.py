"""The facts of the Pingcheng demonstration data set: divisions, organizations, people.

What comes from the source article (its round of 2020) and what is chosen is listed in docs/demo.md. Codes of
streets, townships, communities and villages before March 2021 are synthetic (only the 2021 codes are known).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date

SEED = 20201015  # the round's launch, mid-October 2020
DEMO_PASSWORD = "huimin2020"  # published with the demonstration data; never use outside a demo  # nosec B105


@functools.cache
def demo_password_hash() -> str:
    """The demo password hashed once for every demo account (a strong hash takes most of a second to compute)."""
    from django.contrib.auth.hashers import make_password

    return make_password(DEMO_PASSWORD)


ADDRESS_HINT = "http://127.0.0.1:8000/"

DISTRICT_CODE = "140213"
DISTRICT_NAME = "平城区"
DISTRICT_FROM = date(2018, 2, 9)  # 国务院 approval of the district
STREETS_UNTIL = date(2021, 3, 1)  # 晋政函〔2021〕29号 reorganised the streets on 2021-03-02

# The article: "平城区12个街道、1个乡完成了…合同签订". It does not say which township; 水泊寺乡 is the one the
# page names elsewhere.
PARTICIPATING_TOWNSHIPS: tuple[str, ...] = ("水泊寺乡",)


@dataclass(frozen=True)
class Unit:
    """A street or township: its synthetic code, its name, the pinyin login of its purchaser, its communities."""

    code: str
    name: str
    login: str
    children: tuple[str, ...]


# 12 streets (codes 140213001…012) and 3 townships (140213200…202), in the order REFERENCE.md §5 lists them.
# Community names in the first six lists marked (R) are real names of the time (REFERENCE.md §5); 迎春里 and 柳园巷
# are the places the article names; the rest are plausible, generic names chosen for the demo.
STREETS: tuple[Unit, ...] = (
    Unit(
        "140213001", "南关街道", "nanguan", ("南关社区", "迎春里社区", "永泰社区", "魏都社区", "南环路社区", "金星社区")
    ),
    Unit(
        "140213002", "北关街道", "beiguan", ("北关社区", "操场城社区", "兴华社区", "北环路社区", "平城社区", "北都社区")
    ),
    Unit(
        "140213003",
        "东街街道",
        "dongjie",
        # (R) 水泉湾龙园 (the article), 东门大巷, 东史宅, 鼓楼东街
        ("水泉湾龙园社区", "东门大巷社区", "东史宅社区", "鼓楼东街社区", "大东街社区", "清远社区"),
    ),
    Unit(
        "140213004", "西街街道", "xijie", ("帅府社区", "朝阳寺社区", "宁馨社区", "鼓楼西街社区", "西门社区")
    ),  # (R) ×3
    Unit(
        "140213005", "南街街道", "nanjie", ("福兴园社区", "善化寺社区", "华严寺社区", "圆通寺社区", "南门社区")
    ),  # (R) ×4
    Unit(
        "140213006",
        "北街街道",
        "beijie",
        ("代王府社区", "法华寺社区", "龙园社区", "太阳城社区", "御河北路社区", "御华帝景社区"),  # (R) ×6
    ),
    Unit(
        "140213007",
        "新建南路街道",
        "xinjiannanlu",
        ("新建南路社区", "红旗社区", "云中社区", "文化苑社区", "武定社区", "建设社区"),
    ),
    Unit(
        "140213008",
        "新建北路街道",
        "xinjianbeilu",
        ("新建北路社区", "柳园巷社区", "同泉社区", "开源社区", "幸福里社区", "和平社区"),
    ),
    Unit(
        "140213009",
        "大庆路街道",
        "daqinglu",
        ("大庆路社区", "石油社区", "车站社区", "安居社区", "卧虎湾社区", "大西社区"),
    ),
    Unit(
        "140213010",
        "新华街街道",
        "xinhuajie",
        ("新华社区", "花园里社区", "铁路社区", "文兴社区", "鹿苑社区", "白登社区"),
    ),
    Unit(
        "140213011",
        "向阳里街道",
        "xiangyangli",
        ("向阳里社区", "迎宾社区", "曙光社区", "光明社区", "文瀛社区", "阳光社区"),
    ),
    Unit(
        "140213012",
        "振华南街街道",
        "zhenhuananjie",
        ("振华南街社区", "振华社区", "恒安社区", "新苑社区", "东方社区", "同泰社区"),
    ),
)

# Villages: 寺儿村 (REFERENCE.md §5) and 小南头村 (the article: 水泊寺乡小南头村委会); the others are chosen.
TOWNSHIPS: tuple[Unit, ...] = (
    Unit("140213200", "水泊寺乡", "shuiposi", ("寺儿村", "小南头村", "水泊寺村", "七里村")),
    Unit("140213201", "新旺乡", "xinwang", ("新旺村", "沙岭村", "前进村")),
    Unit("140213202", "马军营乡", "majunying", ("马军营村", "南村", "东窑村")),
)

COMMUNITY_SUFFIX_START = 1  # community codes: parent + 001, 002, …
VILLAGE_SUFFIX_START = 201  # village codes: parent + 201, 202, … (the statistical code keeps 2xx for villages)

# --- organizations --------------------------------------------------------------------------------------------

CIVIL_AFFAIRS_DISTRICT = "大同市平城区民政局"
CIVIL_AFFAIRS_CITY = "大同市民政局"
CIVIL_AFFAIRS_PROVINCE = "山西省民政局"
MARKET_REGULATION_DISTRICT = "大同市平城区市场监督管理局"
ESTABLISHMENT_OFFICE = "大同市平城区机构编制委员会办公室"


@dataclass(frozen=True)
class ManagerSpec:
    name: str
    org_type: str
    region: str
    authority: str
    founded_on: date
    community: str
    description: str


MANAGER = ManagerSpec(
    name="大同市毅源力社会组织发展中心",
    org_type="social_service",
    region="140200",
    authority=CIVIL_AFFAIRS_CITY,
    founded_on=date(2016, 5, 18),
    community="鼓楼东街社区",
    description=(
        "社会组织孵化与培育、政府购买服务项目的招募与管理。平城区第二届政府向社会力量购买服务的项目招募方、项目管理方。"
    ),
)

# The organiser (区民政局) and the credit office (区发改局); the 13 purchasers' offices are derived from the units.
GOVERNMENT_BODIES: tuple[dict, ...] = (
    {
        "key": "mzj",
        "name": "大同市平城区民政局",
        "description": "平城区政府购买服务组委会的牵头单位，负责社会组织登记管理。",
    },
    {
        "key": "fgj",
        "name": "大同市平城区发展和改革局",
        "description": "平城区社会信用体系建设牵头单位（信用办），负责“双公示”信用信息的归集与公示。",
    },
)


def office_name(unit: Unit) -> str:
    """The name of a street's or township's government: 街道办事处 / 乡人民政府."""
    if unit.name.endswith("街道"):
        return f"大同市平城区{unit.name}办事处"
    return f"大同市平城区{unit.name}人民政府"


# Service kinds named in the article (and the 2018 round's themes); each organization is tagged with one.
SERVICE_KINDS = (
    "书法",
    "国画",
    "中医健康",
    "社区安全",
    "太极拳",
    "书画",
    "手工艺",
    "非遗",
    "围棋",
    "英语",
    "扎染",
    "古筝",
    "茶艺",
    "舞蹈",
    "为老服务",
    "孤寡老人帮扶",
    "便民维修",
    "社区厨房",
    "文化体育",
    "上门维修",
    "志愿服务",
    "社区调解",
    "日间照料",
    "青少年",
    "心理关爱",
    "助残",
)


@dataclass(frozen=True)
class OrgSpec:
    """One fictional provider: name, type letter (G group, S service unit, F foundation, E enterprise,
    I individual business), service kind, registration level (district / city / province)."""

    name: str
    kind: str
    type: str
    level: str = "district"


# 80 fictional providers. Names follow the article's kinds of service; any likeness to a real body is chance.
PROVIDERS: tuple[OrgSpec, ...] = (
    # 社会团体 (51…)
    OrgSpec("平城区雅韵书画艺术研究会", "书画", "G"),
    OrgSpec("平城区墨香书法协会", "书法", "G"),
    OrgSpec("平城区丹青国画研究会", "国画", "G"),
    OrgSpec("平城区太极拳健身协会", "太极拳", "G"),
    OrgSpec("平城区云中围棋协会", "围棋", "G"),
    OrgSpec("平城区民间手工艺协会", "手工艺", "G"),
    OrgSpec("平城区非遗面塑传承协会", "非遗", "G"),
    OrgSpec("平城区剪纸艺术研究会", "非遗", "G"),
    OrgSpec("平城区古筝艺术协会", "古筝", "G"),
    OrgSpec("大同市茶艺文化研究会", "茶艺", "G", "city"),
    OrgSpec("平城区广场舞蹈协会", "舞蹈", "G"),
    OrgSpec("平城区老年体育协会", "文化体育", "G"),
    OrgSpec("平城区志愿者协会", "志愿服务", "G"),
    OrgSpec("平城区社区调解员协会", "社区调解", "G"),
    OrgSpec("平城区中医药养生保健协会", "中医健康", "G"),
    OrgSpec("平城区扎染艺术研究会", "扎染", "G"),
    OrgSpec("大同市晋风戏曲票友协会", "文化体育", "G", "city"),
    OrgSpec("平城区少儿英语教育促进会", "英语", "G"),
    OrgSpec("平城区社区安全促进会", "社区安全", "G"),
    OrgSpec("平城区夕阳红老年协会", "为老服务", "G"),
    OrgSpec("大同市雁北诗词楹联研究会", "文化体育", "G", "city"),
    OrgSpec("平城区摄影爱好者协会", "文化体育", "G"),
    OrgSpec("平城区象棋协会", "文化体育", "G"),
    OrgSpec("平城区健身气功协会", "太极拳", "G"),
    OrgSpec("平城区家庭教育研究会", "青少年", "G"),
    OrgSpec("平城区助残志愿者协会", "助残", "G"),
    OrgSpec("大同市古城民俗文化研究会", "非遗", "G", "city"),
    OrgSpec("平城区布艺刺绣协会", "手工艺", "G"),
    # 民办非企业单位 / 社会服务机构 (52…)
    OrgSpec("大同市平城区夕阳红为老服务中心", "为老服务", "S"),
    OrgSpec("大同市平城区康乐居家养老服务中心", "为老服务", "S"),
    OrgSpec("大同市平城区邻里互助便民维修服务中心", "便民维修", "S"),
    OrgSpec("大同市平城区安心社区安全服务中心", "社区安全", "S"),
    OrgSpec("大同市平城区爱心社区厨房服务中心", "社区厨房", "S"),
    OrgSpec("大同市平城区仁心中医健康服务中心", "中医健康", "S"),
    OrgSpec("大同市平城区墨韵书法培训学校", "书法", "S"),
    OrgSpec("大同市平城区丹青国画艺术培训学校", "国画", "S"),
    OrgSpec("大同市平城区弈智围棋培训学校", "围棋", "S"),
    OrgSpec("大同市平城区博雅英语培训学校", "英语", "S"),
    OrgSpec("大同市平城区筝韵古筝艺术培训学校", "古筝", "S"),
    OrgSpec("大同市平城区舞之韵舞蹈培训学校", "舞蹈", "S"),
    OrgSpec("大同市平城区巧手手工艺传习中心", "手工艺", "S"),
    OrgSpec("大同市平城区蓝印扎染文化传习所", "扎染", "S"),
    OrgSpec("大同市平城区茗香茶艺文化交流中心", "茶艺", "S"),
    OrgSpec("大同市平城区阳光社会工作服务中心", "志愿服务", "S"),
    OrgSpec("大同市平城区同心社会工作服务社", "孤寡老人帮扶", "S"),
    OrgSpec("大同市平城区和谐家园社区服务中心", "社区调解", "S"),
    OrgSpec("大同市平城区暖阳孤寡老人关爱中心", "孤寡老人帮扶", "S"),
    OrgSpec("大同市平城区乐龄日间照料服务中心", "日间照料", "S"),
    OrgSpec("大同市平城区青禾青少年成长服务中心", "青少年", "S"),
    OrgSpec("大同市平城区心桥心理关爱服务中心", "心理关爱", "S"),
    OrgSpec("大同市平城区惠邻志愿服务中心", "志愿服务", "S"),
    OrgSpec("大同市平城区福寿居家养老服务站", "为老服务", "S"),
    OrgSpec("大同市平城区杏林中医养生服务中心", "中医健康", "S"),
    OrgSpec("大同市平城区晋韵非遗文化传承中心", "非遗", "S"),
    OrgSpec("大同市平城区太极文化传播中心", "太极拳", "S"),
    OrgSpec("大同市平城区悦读社区阅读推广中心", "文化体育", "S"),
    OrgSpec("大同市平城区安居便民服务中心", "上门维修", "S"),
    OrgSpec("大同市平城区助残康复服务中心", "助残", "S"),
    OrgSpec("大同市平城区邻里守望社区安全服务社", "社区安全", "S"),
    OrgSpec("大同市平城区明理社区调解服务中心", "社区调解", "S"),
    OrgSpec("大同市平城区乐活文体活动服务中心", "文化体育", "S"),
    OrgSpec("大同市平城区巧艺面塑传习所", "非遗", "S"),
    OrgSpec("大同市平城区童心绘画培训学校", "国画", "S"),
    OrgSpec("大同市益心社会工作服务中心", "孤寡老人帮扶", "S", "city"),
    OrgSpec("大同市善行公益服务中心", "志愿服务", "S", "city"),
    OrgSpec("大同市银龄居家养老服务中心", "为老服务", "S", "city"),
    OrgSpec("大同市云帆青少年发展中心", "青少年", "S", "city"),
    OrgSpec("大同市同心圆社区发展促进中心", "社区厨房", "S", "city"),
    # 基金会 (53…), registered by the province
    OrgSpec("山西云中公益基金会", "志愿服务", "F", "province"),
    OrgSpec("山西恒善助老基金会", "为老服务", "F", "province"),
    OrgSpec("山西童心助学基金会", "青少年", "F", "province"),
    # 企业 (91…) and 个体工商户 (92…): 102号令 lets them provide services too (the 2018 round selected enterprises)
    OrgSpec("大同市平城区安居便民维修服务有限公司", "便民维修", "E"),
    OrgSpec("大同市平城区康寿养老服务有限公司", "为老服务", "E"),
    OrgSpec("大同市平城区青鸟文化艺术培训有限公司", "舞蹈", "E"),
    OrgSpec("大同市平城区乐邻家政服务有限公司", "上门维修", "E"),
    OrgSpec("大同市平城区智安消防安全技术服务有限公司", "社区安全", "E"),
    OrgSpec("平城区巧手布艺坊", "手工艺", "I"),
    OrgSpec("平城区便民家电维修部", "上门维修", "I"),
    OrgSpec("平城区清心茶艺馆", "茶艺", "I"),
    OrgSpec("平城区妙笔书画装裱店", "书画", "I"),
)

ORG_TYPES = {
    "G": "social_group",
    "S": "social_service",
    "F": "foundation",
    "E": "enterprise",
    "I": "individual_business",
}
# (登记管理部门代码, 机构类别代码) of GB 32100 for each type letter, and government bodies (机关).
USCC_CLASS = {"G": ("5", "1"), "S": ("5", "2"), "F": ("5", "3"), "E": ("9", "1"), "I": ("9", "2"), "GOV": ("1", "1")}
REGION = {"district": DISTRICT_CODE, "city": "140200", "province": "140000"}
CIVIL_AFFAIRS = {"district": CIVIL_AFFAIRS_DISTRICT, "city": CIVIL_AFFAIRS_CITY, "province": CIVIL_AFFAIRS_PROVINCE}

FOUNDED_YEARS = (2008, 2019)
INSPECTION_YEARS = (2017, 2018, 2019)
# Weights of annual inspection conclusions; "missing" means no record for that year.
INSPECTION_WEIGHTS = {"passed": 86, "basic": 6, "failed": 3, "missing": 5}
GRADED_COUNT = 30  # social organizations with an evaluation grade
GRADE_WEIGHTS = {3: 50, 4: 35, 5: 15}
GRADE_YEARS = (2013, 2020)  # awarded in these years; a grade lasts five years, so the early ones had expired by 2020

# Positions of contacts by organization type.
HEAD_TITLE = {"G": "会长", "S": "主任", "F": "理事长", "E": "总经理", "I": "经营者", "GOV": "局长"}
CONTACT_TITLES = ("秘书长", "项目主管", "办公室主任", "项目专员", "财务负责人")

# --- people ---------------------------------------------------------------------------------------------------

# Fictional names are drawn from these; names of real people in the article are excluded (and checked).
SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
    "余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
)
GIVEN_CHARS = (
    "建国志强海燕丽娟秀兰玉梅桂英淑芳红霞文华明亮春生永刚晓东宏伟雪琴晨阳慧敏嘉欣俊杰子涵浩然静怡思远立新"
    "德明瑞峰凤霞金花丽萍卫东翠兰树林玉珍振华爱军"
)
ARTICLE_PEOPLE = frozenset(
    {
        "於锐",
        "吴英",
        "吴秀梅",
        "李亚雄",
        "邱东芳",
        "吴华",
        "张晶",
        "杨昱郁",
        "张鑫",
        "韩云峰",
        "孙小荣",
        "熊克芳",
        "杨志国",
        "陈继军",
    }
)


@dataclass(frozen=True)
class Login:
    """A named demo account: user name, role, and what its scope is (a division name or an organization key)."""

    username: str
    role: str
    scope: str = ""
    note: str = ""


# One login per role (the table printed at the end of `huimin demo load`), then the extra accounts.
ROLE_LOGINS: tuple[Login, ...] = (
    Login("admin", "district_admin", "", "区民政局 · /admin/"),
    Login("dongjie", "purchaser", "东街街道"),
    Login("shuiposi", "purchaser", "水泊寺乡"),
    Login("longyuan", "community_worker", "水泉湾龙园社区"),
    Login("yiyuanli", "project_manager", "org:manager"),
    Login("provider1", "provider", "org:大同市平城区弈智围棋培训学校"),
    Login("expert1", "expert_reviewer"),
    Login("credit_fgj", "credit_officer", "org:fgj"),
    Login("credit_scj", "credit_officer", "org:大同市平城区市场监督管理局"),
    Login("credit_spj", "credit_officer", "org:大同市平城区行政审批服务管理局"),
    Login("credit_shuiposi", "credit_officer", "org:大同市平城区水泊寺乡人民政府"),
    Login("credit_admin", "credit_admin", "", "区发改局 信用办"),
    Login("resident1", "resident", "", "柳园巷"),
)

# Provider accounts: provider1 … provider10, for these organizations (provider1 is above).
PROVIDER_LOGINS: tuple[str, ...] = (
    "大同市平城区弈智围棋培训学校",
    "大同市平城区巧手手工艺传习中心",
    "大同市平城区博雅英语培训学校",
    "平城区太极拳健身协会",
    "平城区雅韵书画艺术研究会",
    "大同市平城区蓝印扎染文化传习所",
    "大同市平城区夕阳红为老服务中心",
    "大同市平城区邻里互助便民维修服务中心",
    "大同市平城区爱心社区厨房服务中心",
    "大同市平城区仁心中医健康服务中心",
)
EXPERT_COUNT = 5  # expert1 … expert5: a review panel needs several
