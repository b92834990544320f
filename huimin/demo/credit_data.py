"""The facts and templates of the demo's credit data (平城区社会信用体系建设, SEED-FACTS.md "Credit").

From the seed: 30 reporting units, 56 licensing and 1,251 penalty catalogue items, 11,000+ published records of
which 2,236 penalties on legal persons and 225 on natural persons, 11 joint-punishment memoranda forwarded to every
unit; food-safety work of the market regulator's 沙岭所 and power-line safety-zone enforcement by 水泊寺乡.
Everything else here (which 30 bodies, the item names, the share of each unit, the texts) is chosen for the demo
and said so in docs/demo.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

CATALOGUE_LICENSING = 56
CATALOGUE_PENALTY = 1251
PENALTIES_LEGAL_PERSON = 2236
PENALTIES_NATURAL_PERSON = 225
LICENSING_RECORDS = 8600  # so that the published total is 11,061 ("11,000+")

# Licences carry the dates of the seed's story (2019-07 → 2020-12). Penalties are decided in the months before the
# day the demo is loaded, so that all 2,461 are inside their publication periods whatever regime is in force then
# (the shortest maximum period of a published penalty is 12 months): see docs/demo.md.
LICENCE_DATES = (date(2019, 7, 1), date(2020, 12, 31))
PENALTY_DAYS_BEFORE_TODAY = (330, 25)  # decided between 330 and 25 days before the load


@dataclass(frozen=True)
class CreditUnit:
    """One reporting unit: `reuse` names an organization the demo already made (world.orgs key)."""

    key: str  # also the unit code
    name: str
    short: str
    abbr: str  # in decision numbers: 平{abbr}罚〔2025〕0001号
    penalty_items: int
    legal_share: float  # weight in the 2,236 legal-person penalties
    natural: int = 0  # natural-person penalties (the 225)
    sector: str = "general"
    reuse: str = ""
    law: str = ""


UNITS: tuple[CreditUnit, ...] = (
    CreditUnit("FGJ", "大同市平城区发展和改革局", "区发改局", "发改", 8, 0.3, reuse="fgj", law="中华人民共和国价格法"),
    CreditUnit("MZJ", "大同市平城区民政局", "区民政局", "民", 12, 0.6, reuse="mzj", law="社会团体登记管理条例"),
    CreditUnit(
        "SCJGJ",
        "大同市平城区市场监督管理局",
        "区市场监管局",
        "市监",
        0,  # the rest of the 1,251 (computed)
        38.0,
        15,
        "market",
        law="中华人民共和国食品安全法",
    ),
    CreditUnit("SPJ", "大同市平城区行政审批服务管理局", "区审批局", "审批", 2, 0.2, law="中华人民共和国行政许可法"),
    CreditUnit("WJJ", "大同市平城区卫生健康局", "区卫健局", "卫", 80, 5.5, 15, law="公共场所卫生管理条例"),
    CreditUnit(
        "YJJ", "大同市平城区应急管理局", "区应急局", "应急", 70, 4.5, 0, "work_safety", law="中华人民共和国安全生产法"
    ),
    CreditUnit(
        "ZJJ",
        "大同市平城区住房和城乡建设局",
        "区住建局",
        "建",
        60,
        4.0,
        0,
        "construction",
        law="建设工程质量管理条例",
    ),
    CreditUnit(
        "CGJ",
        "大同市平城区城市管理局",
        "区城管局（综合行政执法局）",
        "城管",
        150,
        12.0,
        60,
        law="城市市容和环境卫生管理条例",
    ),
    CreditUnit(
        "STHJ",
        "大同市生态环境局平城分局",
        "生态环境平城分局",
        "环",
        90,
        6.0,
        0,
        "environment",
        law="中华人民共和国大气污染防治法",
    ),
    CreditUnit("JTJ", "大同市平城区交通运输局", "区交通局", "交", 60, 5.0, 50, law="中华人民共和国道路运输条例"),
    CreditUnit("JYJ", "大同市平城区教育局", "区教育局", "教", 12, 0.6, law="中华人民共和国民办教育促进法"),
    CreditUnit("WLJ", "大同市平城区文化和旅游局", "区文旅局", "文旅", 40, 2.0, law="娱乐场所管理条例"),
    CreditUnit("RSJ", "大同市平城区人力资源和社会保障局", "区人社局", "人社", 30, 2.0, law="劳动保障监察条例"),
    CreditUnit(
        "ZRZYJ",
        "大同市规划和自然资源局平城分局",
        "自然资源平城分局",
        "自然资源",
        35,
        2.0,
        20,
        law="中华人民共和国土地管理法",
    ),
    CreditUnit("NYJ", "大同市平城区农业农村局", "区农业农村局", "农", 45, 1.8, 10, law="农药管理条例"),
    CreditUnit("SLJ", "大同市平城区水务局", "区水务局", "水", 30, 1.0, law="中华人民共和国水法"),
    CreditUnit("SWUJ", "大同市平城区商务局", "区商务局", "商", 15, 0.8, law="成品油市场管理办法"),
    CreditUnit(
        "SWJ",
        "国家税务总局大同市平城区税务局",
        "区税务局",
        "税",
        25,
        2.5,
        law="中华人民共和国税收征收管理法",
    ),
    CreditUnit(
        "XFDD",
        "大同市平城区消防救援大队",
        "区消防救援大队",
        "消",
        30,
        3.0,
        0,
        "fire",
        law="中华人民共和国消防法",
    ),
    CreditUnit("GAFJ", "大同市公安局平城分局", "公安平城分局", "公", 50, 1.5, 10, law="旅馆业治安管理办法"),
    CreditUnit("SFJ", "大同市平城区司法局", "区司法局", "司", 3, 0.1, law="基层法律服务工作者管理办法"),
    CreditUnit("CZJ", "大同市平城区财政局", "区财政局", "财", 8, 0.3, law="中华人民共和国政府采购法"),
    CreditUnit("YBJ", "大同市平城区医疗保障局", "区医保局", "医保", 8, 0.8, law="医疗保障基金使用监督管理条例"),
    CreditUnit("TJJ", "大同市平城区统计局", "区统计局", "统", 6, 0.4, law="中华人民共和国统计法"),
    CreditUnit("RFB", "大同市平城区人民防空办公室", "区人防办", "人防", 6, 0.2, law="中华人民共和国人民防空法"),
    CreditUnit("GXJ", "大同市平城区工业和信息化局", "区工信局", "工信", 6, 0.2, law="中华人民共和国节约能源法"),
    CreditUnit("TYJRJ", "大同市平城区退役军人事务局", "区退役军人局", "退役", 2, 0.05, law="烈士纪念设施保护管理办法"),
    CreditUnit(
        "SPSX",
        "大同市平城区水泊寺乡人民政府",
        "水泊寺乡（综合行政执法队）",
        "水泊寺乡执法",
        20,
        1.2,
        25,
        reuse="office:水泊寺乡",
        law="电力设施保护条例",
    ),
    CreditUnit(
        "XWX",
        "大同市平城区新旺乡人民政府",
        "新旺乡（综合行政执法队）",
        "新旺乡执法",
        14,
        0.6,
        10,
        law="电力设施保护条例",
    ),
    CreditUnit(
        "MJYX",
        "大同市平城区马军营乡人民政府",
        "马军营乡（综合行政执法队）",
        "马军营乡执法",
        14,
        0.6,
        10,
        law="电力设施保护条例",
    ),
)

# --- licensing items (56) --------------------------------------------------------------------------------------
# (unit, item name, certificate name, 许可类别 code, weight in the 8,600 records, subject kind, years valid (0 = 长期))
# Subject kinds: company, individual (个体工商户), person (自然人), mixed (company or individual), social (社会组织).


@dataclass(frozen=True)
class LicensingItem:
    unit: str
    name: str
    certificate: str
    category: str
    weight: float
    subject: str
    years: int
    prefix: str


LICENSING_ITEMS: tuple[LicensingItem, ...] = (
    LicensingItem("SPJ", "企业设立登记", "营业执照", "05", 20, "company", 0, "QY"),
    LicensingItem("SPJ", "个体工商户设立登记", "营业执照", "05", 14, "individual", 0, "GT"),
    LicensingItem("SPJ", "食品经营许可", "食品经营许可证", "01", 16, "mixed", 5, "JY"),
    LicensingItem("SPJ", "小餐饮经营登记", "小餐饮经营许可证", "05", 4, "individual", 3, "XCY"),
    LicensingItem("SPJ", "公共场所卫生许可", "公共场所卫生许可证", "01", 6, "mixed", 4, "WGS"),
    LicensingItem("SPJ", "建筑工程施工许可", "建筑工程施工许可证", "01", 2, "company", 3, "SG"),
    LicensingItem("SPJ", "医疗机构执业登记", "医疗机构执业许可证", "05", 1, "company", 5, "YL"),
    LicensingItem("SPJ", "道路普通货物运输经营许可", "道路运输经营许可证", "01", 3, "mixed", 4, "DY"),
    LicensingItem("SPJ", "出版物零售业务经营许可", "出版物经营许可证", "01", 1, "mixed", 6, "CB"),
    LicensingItem("SPJ", "娱乐场所经营活动审批", "娱乐经营许可证", "01", 1, "company", 2, "YYL"),
    LicensingItem("SPJ", "民办学校办学许可", "民办学校办学许可证", "01", 1, "social", 5, "MB"),
    LicensingItem("SPJ", "人力资源服务许可", "人力资源服务许可证", "01", 0.5, "company", 5, "RL"),
    LicensingItem("SPJ", "取水许可", "取水许可证", "01", 0.5, "company", 5, "QS"),
    LicensingItem("SPJ", "城市建筑垃圾处置核准", "", "04", 1, "company", 1, "JZLJ"),
    LicensingItem("SPJ", "占用、挖掘城市道路审批", "", "01", 1, "company", 1, "ZW"),
    LicensingItem("SPJ", "设置大型户外广告及在城市建筑物、设施上悬挂、张贴宣传品审批", "", "01", 2, "mixed", 1, "GG"),
    LicensingItem("SPJ", "药品零售企业经营许可", "药品经营许可证", "01", 1, "company", 5, "YP"),
    LicensingItem("SPJ", "医疗器械经营许可", "医疗器械经营许可证", "01", 0.5, "company", 5, "YX"),
    LicensingItem("SPJ", "特殊建设工程消防设计审查", "", "04", 0.5, "company", 0, "XFSC"),
    LicensingItem("SPJ", "特殊建设工程消防验收", "", "04", 0.5, "company", 0, "XFYS"),
    LicensingItem("SPJ", "建设项目环境影响评价文件审批", "", "04", 0.5, "company", 0, "HP"),
    LicensingItem("SPJ", "城镇污水排入排水管网许可", "排水许可证", "01", 0.5, "company", 5, "PS"),
    LicensingItem("SPJ", "旅行社设立许可", "旅行社业务经营许可证", "01", 0.3, "company", 0, "LXS"),
    LicensingItem("SPJ", "互联网上网服务营业场所经营单位设立审批", "网络文化经营许可证", "01", 0.3, "company", 3, "WB"),
    LicensingItem("SPJ", "燃气经营许可", "燃气经营许可证", "01", 0.2, "company", 3, "RQ"),
    LicensingItem("SPJ", "危险化学品经营许可", "危险化学品经营许可证", "01", 0.5, "company", 3, "WH"),
    LicensingItem("SPJ", "劳务派遣经营许可", "劳务派遣经营许可证", "01", 0.2, "company", 3, "LW"),
    LicensingItem("SPJ", "生产建设项目水土保持方案审批", "", "04", 0.2, "company", 0, "STBC"),
    LicensingItem("SPJ", "临时占用城市绿地审批", "", "01", 0.2, "company", 1, "LD"),
    LicensingItem("SPJ", "砍伐城市树木审批", "", "01", 0.2, "mixed", 1, "KF"),
    LicensingItem("SPJ", "兽药经营许可", "兽药经营许可证", "01", 0.2, "mixed", 5, "SY"),
    LicensingItem("SPJ", "农药经营许可", "农药经营许可证", "01", 0.2, "mixed", 5, "NY"),
    LicensingItem("MZJ", "社会团体成立登记", "社会团体法人登记证书", "05", 0.3, "social", 5, "ST"),
    LicensingItem("MZJ", "民办非企业单位成立登记", "民办非企业单位登记证书", "05", 0.3, "social", 5, "MF"),
    LicensingItem("MZJ", "地名命名、更名审批", "", "04", 0.1, "company", 0, "DM"),
    LicensingItem("WJJ", "医师执业注册", "医师执业证书", "05", 1, "person", 0, "YS"),
    LicensingItem("WJJ", "护士执业注册", "护士执业证书", "05", 1, "person", 5, "HS"),
    LicensingItem("WJJ", "母婴保健技术服务执业许可", "母婴保健技术服务执业许可证", "01", 0.1, "company", 3, "MY"),
    LicensingItem("JYJ", "教师资格认定", "教师资格证书", "03", 2, "person", 0, "JS"),
    LicensingItem("JYJ", "校车使用许可", "校车标牌", "01", 0.2, "company", 1, "XC"),
    LicensingItem("GAFJ", "旅馆业特种行业许可", "特种行业许可证", "01", 0.3, "mixed", 0, "TH"),
    LicensingItem("GAFJ", "大型群众性活动安全许可", "", "01", 0.2, "company", 1, "DX"),
    LicensingItem("GAFJ", "公章刻制业特种行业许可", "特种行业许可证", "01", 0.1, "mixed", 0, "KZ"),
    LicensingItem("XFDD", "公众聚集场所投入使用、营业前消防安全检查", "", "01", 1, "mixed", 0, "XJ"),
    LicensingItem("SWJ", "增值税专用发票（增值税税控系统）最高开票限额审批", "", "01", 2, "company", 0, "FP"),
    LicensingItem("ZRZYJ", "乡村建设规划许可", "乡村建设规划许可证", "01", 0.5, "person", 2, "XG"),
    LicensingItem("ZRZYJ", "建设用地规划许可", "建设用地规划许可证", "01", 0.3, "company", 0, "YDGH"),
    LicensingItem("SLJ", "河道管理范围内建设项目工程建设方案审批", "", "04", 0.1, "company", 0, "HD"),
    LicensingItem("RFB", "应建防空地下室的民用建筑项目报建审批", "", "04", 0.2, "company", 0, "RF"),
    LicensingItem("CGJ", "城市生活垃圾经营性清扫、收集、运输服务许可", "", "01", 0.2, "company", 3, "LJ"),
    LicensingItem("JTJ", "巡游出租汽车驾驶员从业资格注册", "从业资格证", "05", 0.5, "person", 6, "CZ"),
    LicensingItem("WLJ", "营业性演出审批", "", "01", 0.3, "company", 0, "YC"),
    LicensingItem("NYJ", "农作物种子生产经营许可", "农作物种子生产经营许可证", "01", 0.1, "company", 5, "ZZ"),
    LicensingItem("RSJ", "民办职业培训学校设立审批", "民办学校办学许可证", "01", 0.2, "social", 5, "ZP"),
    LicensingItem("SWUJ", "成品油零售经营资格审批（初审）", "", "04", 0.1, "company", 0, "CPY"),
    LicensingItem("YJJ", "烟花爆竹经营（零售）许可", "烟花爆竹经营（零售）许可证", "01", 0.5, "mixed", 1, "YH"),
)

# --- penalty item templates ------------------------------------------------------------------------------------
# Each unit's catalogue starts with its hand-written items (the seed's food safety and power-line items among them),
# then names "对{party}{act}的处罚" from its parties × acts fill it to the unit's count. Sector per party ("" = the
# unit's sector).

FOOD = "food_drug"
SPECIAL = "special_equipment"

PENALTY_CORE: dict[str, tuple[tuple[str, str], ...]] = {
    "SCJGJ": (
        ("对生产经营不符合食品安全标准的食品的处罚", FOOD),
        ("对经营超过保质期的食品、食品添加剂的处罚", FOOD),
        ("对未取得食品经营许可从事食品经营活动的处罚", FOOD),
        ("对餐饮服务提供者未按要求进行食品贮存、运输和装卸的处罚", FOOD),
        ("对食品经营者未按规定建立并遵守进货查验记录制度的处罚", FOOD),
        ("对安排未取得健康证明的人员从事接触直接入口食品工作的处罚", FOOD),
        ("对使用未取得许可的特种设备的处罚", SPECIAL),
        ("对电梯未经定期检验继续使用的处罚", SPECIAL),
        ("对销售不符合保障人体健康和人身、财产安全的国家标准、行业标准的产品的处罚", "market"),
        ("对发布虚假广告的处罚", "market"),
        ("对不按规定明码标价的处罚", "market"),
        ("对未按规定报送年度报告的处罚", "market"),
    ),
    "SPSX": (
        (
            "对在架空电力线路保护区内堆放谷物、草料、垃圾、矿渣、易燃物、易爆物及其他影响安全供电的物品的处罚",
            "",
        ),
        ("对在架空电力线路保护区内兴建建筑物、构筑物的处罚", ""),
        ("对在架空电力线路保护区内种植可能危及电力设施安全的植物的处罚", ""),
        ("对在依法划定的电力设施保护区内进行烧窑、烧荒的处罚", ""),
        ("对擅自在乡村公路上堆放物品、倾倒垃圾的处罚", ""),
        ("对未经批准擅自占用耕地建房的处罚", ""),
    ),
    "WJJ": (
        ("对未取得《医疗机构执业许可证》擅自执业的处罚", ""),
        ("对公共场所未取得卫生许可证擅自营业的处罚", ""),
    ),
    "CGJ": (
        ("对擅自占用城市道路、桥梁、广场等公共场所摆摊设点的处罚", ""),
        ("对随意倾倒、抛撒、堆放建筑垃圾的处罚", ""),
        ("对擅自设置大型户外广告的处罚", ""),
    ),
    "JTJ": (("对未取得道路运输经营许可擅自从事道路运输经营的处罚", ""),),
    "ZRZYJ": (("对未经批准非法占用土地的处罚", ""),),
    "XFDD": (
        ("对公众聚集场所未经消防安全检查擅自投入使用、营业的处罚", ""),
        ("对消防技术服务机构出具虚假文件的处罚", ""),
    ),
    "YJJ": (("对生产经营单位未按规定对从业人员进行安全生产教育和培训的处罚", ""),),
    "STHJ": (("对超过大气污染物排放标准排放大气污染物的处罚", ""),),
    "SWJ": (("对纳税人未按照规定期限办理纳税申报和报送纳税资料的处罚", ""),),
}

# Parties per unit (and their sector when it differs from the unit's).
PENALTY_PARTIES: dict[str, tuple[tuple[str, str], ...]] = {
    "SCJGJ": (
        ("食品生产者", FOOD),
        ("食品经营者", FOOD),
        ("餐饮服务提供者", FOOD),
        ("食品摊贩", FOOD),
        ("集中用餐单位食堂", FOOD),
        ("网络食品交易第三方平台提供者", FOOD),
        ("药品零售企业", FOOD),
        ("医疗器械经营企业", FOOD),
        ("化妆品经营者", FOOD),
        ("特种设备使用单位", SPECIAL),
        ("电梯维护保养单位", SPECIAL),
        ("气瓶充装单位", SPECIAL),
        ("计量器具使用者", "market"),
        ("广告经营者", "market"),
        ("网络交易经营者", "market"),
        ("产品销售者", "market"),
        ("经营者", "market"),
        ("市场主体", "market"),
    ),
    "FGJ": (("经营者", ""), ("粮食经营者", "")),
    "MZJ": (("社会团体", ""), ("民办非企业单位", ""), ("养老机构", "")),
    "SPJ": (("行政许可申请人", ""),),
    "WJJ": (
        ("医疗机构", ""),
        ("公共场所经营者", ""),
        ("集中式供水单位", ""),
        ("消毒产品生产企业", ""),
        ("用人单位", ""),
        ("医师", ""),
    ),
    "YJJ": (
        ("生产经营单位", ""),
        ("危险化学品经营企业", ""),
        ("烟花爆竹经营单位", ""),
        ("工贸企业", ""),
        ("有限空间作业单位", ""),
    ),
    "ZJJ": (("建设单位", ""), ("施工单位", ""), ("监理单位", ""), ("物业服务企业", ""), ("房地产开发企业", "")),
    "CGJ": (
        ("临街商户", ""),
        ("建筑垃圾运输单位", ""),
        ("户外广告设置人", ""),
        ("燃气经营者", ""),
        ("餐饮经营者", ""),
        ("施工单位", ""),
        ("物业服务企业", ""),
    ),
    "STHJ": (
        ("排污单位", ""),
        ("建设单位", ""),
        ("机动车维修单位", ""),
        ("餐饮服务业经营者", ""),
        ("危险废物产生单位", ""),
    ),
    "JTJ": (("道路运输经营者", ""), ("机动车维修经营者", ""), ("出租汽车经营者", ""), ("驾驶员培训机构", "")),
    "JYJ": (("民办学校", ""), ("校外培训机构", "")),
    "WLJ": (("娱乐场所", ""), ("互联网上网服务营业场所", ""), ("旅行社", ""), ("演出经营主体", "")),
    "RSJ": (("用人单位", ""), ("人力资源服务机构", ""), ("劳务派遣单位", "")),
    "ZRZYJ": (("建设单位", ""), ("采矿权人", ""), ("用地单位", "")),
    "NYJ": (("农药经营者", ""), ("兽药经营企业", ""), ("种子生产经营者", ""), ("畜禽养殖场", "")),
    "SLJ": (("取水单位", ""), ("建设单位", ""), ("排水户", "")),
    "SWUJ": (("成品油零售经营企业", ""), ("单用途商业预付卡发卡企业", "")),
    "SWJ": (("纳税人", ""), ("扣缴义务人", "")),
    "XFDD": (("机关、团体、企业、事业等单位", ""), ("公众聚集场所", ""), ("消防技术服务机构", "")),
    "GAFJ": (("旅馆业经营者", ""), ("公章刻制企业", ""), ("保安服务公司", ""), ("机动车修理企业", "")),
    "SFJ": (("基层法律服务所", ""),),
    "CZJ": (("政府采购供应商", ""), ("采购代理机构", "")),
    "YBJ": (("定点医药机构", ""), ("定点零售药店", "")),
    "TJJ": (("统计调查对象", ""),),
    "RFB": (("建设单位", ""),),
    "GXJ": (("用能单位", ""), ("无线电台（站）使用单位", "")),
    "TYJRJ": (("烈士纪念设施管理单位", ""),),
    "SPSX": (("农村宅基地使用人", ""), ("生产经营单位", ""), ("个人", "")),
    "XWX": (("农村宅基地使用人", ""), ("生产经营单位", ""), ("个人", "")),
    "MJYX": (("农村宅基地使用人", ""), ("生产经营单位", ""), ("个人", "")),
}

PENALTY_ACTS: tuple[str, ...] = (
    "未取得许可擅自从事相关活动",
    "未按规定办理变更手续",
    "伪造、变造、出租、出借许可证件",
    "拒绝、阻碍监督检查",
    "未按规定建立并执行管理制度",
    "未按规定建立台账",
    "未按规定公示相关信息",
    "提供虚假材料",
    "超范围从事经营活动",
    "未按规定开展自查",
    "未按规定配备管理人员",
    "未按规定组织从业人员培训",
    "未按规定保存相关记录",
    "逾期未改正违法行为",
    "违反安全管理规定",
    "未按规定报告有关情况",
    "未落实主体责任",
    "未按规定进行检验检测",
    "使用不合格原材料",
    "未按规定设置警示标志",
    "未按规定进行登记备案",
    "未按规定履行告知义务",
)

# --- people and companies ------------------------------------------------------------------------------------------

# 字号 (trade names) and industries for the fictional companies in the records; any likeness to a real one is chance.
TRADE_NAMES = (
    "鑫源 恒达 瑞丰 宏盛 金泰 华晟 盛世 永顺 聚福 德润 同力 晋阳 云冈 雁北 凯旋 天成 佳和 众诚 兴业 广源 "
    "福临 安泰 博远 润泽 丰华 顺通 新锐 嘉禾 鼎盛 宝隆 正和 信达 明德 汇通 万通 长虹 龙腾 乾元 和美 泰和 "
    "恒信 弘毅 利民 惠众 京同 昌盛 东方 北岳 御河 平旺 文瀛 桑干 古城 红旗 大华 金诺 天泽 华联 同泰 鹏程"
).split()
INDUSTRIES: dict[str, tuple[str, ...]] = {
    "default": ("商贸有限公司", "科技有限公司", "实业有限公司", "服务有限公司"),
    "food": ("餐饮管理有限公司", "食品有限公司", "超市有限公司", "饭店", "餐饮有限公司", "副食品有限公司"),
    "construction": ("建筑工程有限公司", "建设工程有限公司", "房地产开发有限公司", "装饰工程有限公司"),
    "transport": ("物流有限公司", "运输有限公司", "汽车服务有限公司", "汽车维修有限公司"),
    "environment": ("热力有限公司", "建材有限公司", "洗涤有限公司", "汽车维修有限公司"),
    "health": ("医院有限公司", "诊所有限公司", "大药房有限公司", "洗浴有限公司", "宾馆有限公司"),
}
UNIT_INDUSTRY = {
    "SCJGJ": "food",
    "WJJ": "health",
    "ZJJ": "construction",
    "STHJ": "environment",
    "JTJ": "transport",
    "YBJ": "health",
    "ZRZYJ": "construction",
    "RFB": "construction",
}
INDIVIDUAL_SHOPS = ("小吃部", "面馆", "烧烤店", "便利店", "粮油店", "理发店", "水果店", "干洗店", "五金店", "早餐店")
AREA_CODES = ("140213", "140202", "140211")  # 平城区; residents born before 2018 carry 城区 / 南郊区 codes

# --- screening demo ----------------------------------------------------------------------------------------------
# Providers of the demo that a credit check must stop or warn about (none of them has a provider login).
SCREEN_DISHONEST_DEBTOR = "大同市平城区乐邻家政服务有限公司"  # 失信被执行人 → blocked
SCREEN_SOCIAL_SERIOUS = "平城区象棋协会"  # 社会组织严重违法失信名单 → blocked
SCREEN_ABNORMAL = "平城区摄影爱好者协会"  # 活动异常名录 → warned
SCREEN_RECENT_PENALTY = "大同市同心圆社区发展促进中心"  # a food-safety fine this year → warned
SCREEN_MAJOR_VIOLATION = "大同市平城区智安消防安全技术服务有限公司"  # 责令停产停业 → warned, major violation
# When the screened organizations were listed: before the 2020 round's screening (2020-11), so that its credit checks
# find them, and (the first two) still listed today.
SCREEN_DEBTOR_LISTED = date(2020, 6, 18)
SCREEN_SERIOUS_LISTED = date(2020, 9, 10)
SCREEN_ABNORMAL_2020 = date(2020, 7, 15)

SCREENED = {
    SCREEN_DISHONEST_DEBTOR: "blocked",
    SCREEN_SOCIAL_SERIOUS: "blocked",
    SCREEN_ABNORMAL: "warned",
    SCREEN_RECENT_PENALTY: "warned",
    SCREEN_MAJOR_VIOLATION: "warned",
}

# --- the 11 joint-punishment memoranda forwarded to every unit in 2020 ---------------------------------------------
# (document number, title, signed, forwarded, list type, bars purchased services). The first five are the ones
# REFERENCE.md §3.5 cites; the other six are typical memoranda of the period, given as examples (docs/demo.md).


@dataclass(frozen=True)
class MemorandumSpec:
    code: str
    title: str
    signed_on: date
    forwarded_on: date
    list_type: str
    bars: bool
    cited: bool  # cited by REFERENCE.md §3.5 (the others are examples)


MEMORANDA: tuple[MemorandumSpec, ...] = (
    MemorandumSpec(
        "发改财金〔2016〕141号",
        "关于对失信被执行人实施联合惩戒的合作备忘录",
        date(2016, 1, 20),
        date(2020, 3, 16),
        "dishonest_debtor",
        True,
        True,
    ),
    MemorandumSpec(
        "发改财金〔2014〕3062号",
        "关于对重大税收违法案件当事人实施联合惩戒措施的合作备忘录",
        date(2014, 12, 30),
        date(2020, 3, 16),
        "major_tax",
        True,
        True,
    ),
    MemorandumSpec(
        "发改财金〔2018〕1614号",
        "关于对政府采购领域严重违法失信主体开展联合惩戒的合作备忘录",
        date(2018, 11, 20),
        date(2020, 3, 16),
        "procurement_serious",
        True,
        True,
    ),
    MemorandumSpec(
        "发改财金〔2017〕2058号",
        "关于对严重拖欠农民工工资用人单位及其有关人员开展联合惩戒的合作备忘录（试行）",
        date(2017, 12, 7),
        date(2020, 5, 11),
        "wage_arrears",
        True,
        True,
    ),
    MemorandumSpec(
        "发改财金〔2015〕2045号",
        "失信企业协同监管和联合惩戒合作备忘录",
        date(2015, 9, 8),
        date(2020, 5, 11),
        "other",
        False,
        True,
    ),
    MemorandumSpec(
        "发改财金〔2018〕331号",
        "关于对社会组织领域严重失信责任主体实施联合惩戒的合作备忘录",
        date(2018, 3, 1),
        date(2020, 6, 22),
        "social_org_serious",
        True,
        False,
    ),
    MemorandumSpec(
        "发改财金〔2016〕1001号",
        "关于对安全生产领域失信生产经营单位及其有关人员开展联合惩戒的合作备忘录",
        date(2016, 5, 30),
        date(2020, 6, 22),
        "other",
        False,
        False,
    ),
    MemorandumSpec(
        "发改财金〔2016〕1580号",
        "关于对环境保护领域失信生产经营单位及其有关人员开展联合惩戒的合作备忘录",
        date(2016, 7, 20),
        date(2020, 8, 17),
        "other",
        False,
        False,
    ),
    MemorandumSpec(
        "发改财金〔2016〕2693号",
        "关于对食品药品生产经营严重失信者开展联合惩戒的合作备忘录",
        date(2016, 12, 20),
        date(2020, 8, 17),
        "other",
        False,
        False,
    ),
    MemorandumSpec(
        "发改财金〔2017〕1551号",
        "关于对交通运输工程建设领域守信典型企业实施联合激励及失信企业实施联合惩戒的合作备忘录",
        date(2017, 8, 18),
        date(2020, 10, 19),
        "other",
        False,
        False,
    ),
    MemorandumSpec(
        "发改财金〔2018〕1862号",
        "关于对统计领域严重失信企业及其有关人员开展联合惩戒的合作备忘录",
        date(2018, 12, 11),
        date(2020, 10, 19),
        "other",
        False,
        False,
    ),
)

# Extra list entries on fictional subjects (list type, how many), so the list pages have content.
EXTRA_LIST_ENTRIES: tuple[tuple[str, int], ...] = (
    ("dishonest_debtor", 8),
    ("major_tax", 3),
    ("procurement_serious", 2),
    ("wage_arrears", 3),
    ("social_org_abnormal", 2),
)

# Demo logins of credit officers (added to the one-per-role table in huimin/demo/data.py).
CREDIT_OFFICERS: dict[str, str] = {
    "credit_scj": "SCJGJ",
    "credit_spj": "SPJ",
    "credit_shuiposi": "SPSX",
}
