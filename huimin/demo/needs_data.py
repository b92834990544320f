"""Facts and texts of the needs and calls demonstration data (the seed's second round, 2020).

The article names the kinds of service bought (书法, 国画, 中医健康, 社区安全, 太极拳, 书画, 手工艺, 围棋, 手工,
英语, 扎染, 古筝, 茶艺, 舞蹈, 孤寡老人帮扶, 无物业小区便民维修保障, 社区厨房, 公益性文化体育活动, 独居/高龄老人上门
维修与安全隐患排查, 志愿服务), that 62 projects were implemented by 12 streets and 1 township, 东街街道 the most (13:
太极拳、书画、手工艺 …) and that its 水泉湾龙园社区 bought 围棋、手工、英语. Amounts are not in the article:
the demo uses community micro-projects of 2–5 万元 (REFERENCE.md §1.2); each purchaser's budget is their sum.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class NeedTemplate:
    kind: str  # service kind (SERVICE_KINDS of data.py)
    category: str  # NeedCategory code
    title: str
    target_group: str
    description: str
    beneficiaries: tuple[int, int]


NEED_TEMPLATES: tuple[NeedTemplate, ...] = (
    NeedTemplate(
        "太极拳",
        "culture-sports",
        "太极拳晨练教学",
        "中老年居民",
        "小区广场每天早上有三十多位老人自发晨练，动作不规范，希望有老师定期教授二十四式太极拳。",
        (40, 80),
    ),
    NeedTemplate(
        "书画",
        "culture-sports",
        "书画爱好者学习班",
        "退休居民",
        "社区活动室有书画桌但无人指导，退休居民希望每周有一次书画课，并在节日办小型作品展。",
        (25, 50),
    ),
    NeedTemplate(
        "书法",
        "culture-sports",
        "少儿书法公益课",
        "6—12岁儿童",
        "双职工家庭孩子放学后无人看护，家长希望社区开设书法课，周末上课。",
        (20, 40),
    ),
    NeedTemplate(
        "国画",
        "culture-sports",
        "国画入门课堂",
        "社区居民",
        "居民在问需会上提出想学国画，特别是花鸟画，愿意自备部分材料。",
        (20, 40),
    ),
    NeedTemplate(
        "手工艺",
        "heritage",
        "大同传统手工艺体验",
        "社区妇女、亲子家庭",
        "居民希望了解大同本地手工艺（布艺、面塑、剪纸），亲子共同参加，作品可义卖。",
        (30, 60),
    ),
    NeedTemplate(
        "手工",
        "youth",
        "亲子手工课堂",
        "学龄儿童及家长",
        "暑假和周末孩子缺少活动场所，家长希望有亲子手工课，培养动手能力。",
        (30, 50),
    ),
    NeedTemplate(
        "扎染",
        "heritage",
        "扎染体验活动",
        "青少年、社区居民",
        "居民对传统扎染感兴趣，希望在社区开展扎染体验，了解非物质文化遗产。",
        (30, 60),
    ),
    NeedTemplate(
        "围棋",
        "youth",
        "少儿围棋启蒙班",
        "5—12岁儿童",
        "社区有围棋爱好者家长，希望为孩子开设围棋启蒙课，培养专注力。",
        (20, 40),
    ),
    NeedTemplate(
        "英语",
        "youth",
        "少儿英语兴趣课",
        "小学生",
        "部分家庭无力承担校外英语培训，希望社区提供公益英语兴趣课。",
        (25, 45),
    ),
    NeedTemplate(
        "古筝",
        "culture-sports",
        "古筝演奏学习班",
        "青少年、中老年居民",
        "居民希望学习古筝，社区可提供活动室，需要专业老师和练习用琴。",
        (15, 30),
    ),
    NeedTemplate(
        "茶艺",
        "heritage",
        "茶艺展示与茶文化讲座",
        "社区居民",
        "居民希望了解茶文化，开展茶艺展示和讲座，丰富社区文化生活。",
        (30, 60),
    ),
    NeedTemplate(
        "舞蹈",
        "culture-sports",
        "广场舞规范化教学",
        "中老年妇女",
        "小区广场舞队伍有五十多人，希望有老师指导，并协调音量扰民问题。",
        (40, 80),
    ),
    NeedTemplate(
        "中医健康",
        "health",
        "中医健康讲座与义诊",
        "老年人、慢性病患者",
        "社区老年人多，慢病管理意识弱，希望定期开展中医养生讲座和义诊。",
        (60, 150),
    ),
    NeedTemplate(
        "社区安全",
        "safety",
        "老旧小区安全隐患排查",
        "老旧小区居民",
        "老旧小区电线老化、楼道堆物，居民担心火灾，希望开展安全隐患排查和消防宣传。",
        (100, 300),
    ),
    NeedTemplate(
        "孤寡老人帮扶",
        "elderly",
        "孤寡老人关爱帮扶",
        "孤寡、空巢老人",
        "社区有二十多位孤寡、空巢老人，希望有志愿者定期上门探访、陪伴和代办。",
        (20, 40),
    ),
    NeedTemplate(
        "便民维修",
        "repairs",
        "无物业小区便民维修保障",
        "无物业小区居民",
        "无物业小区水管、门窗、照明经常损坏，居民找不到维修人员，希望有定期便民维修服务。",
        (150, 400),
    ),
    NeedTemplate(
        "上门维修",
        "elderly",
        "独居高龄老人上门维修与安全排查",
        "独居、高龄老人",
        "独居高龄老人家中燃气、电路存在隐患，行动不便，希望有人上门维修和排查。",
        (30, 60),
    ),
    NeedTemplate(
        "社区厨房",
        "kitchen",
        "社区老年助餐厨房",
        "高龄、独居老人",
        "高龄老人做饭困难，希望社区厨房提供平价午餐，行动不便的可以送餐上门。",
        (40, 100),
    ),
    NeedTemplate(
        "文化体育",
        "culture-sports",
        "公益性文化体育活动",
        "全体居民",
        "社区缺少文体活动，居民希望举办趣味运动会、文艺汇演等公益性文化体育活动。",
        (150, 400),
    ),
    NeedTemplate(
        "志愿服务",
        "volunteer",
        "社区志愿服务队培育",
        "社区志愿者",
        "社区志愿者多但组织松散，希望培训骨干、建立服务队，常态化开展志愿服务。",
        (50, 120),
    ),
    NeedTemplate(
        "为老服务",
        "elderly",
        "老年人日间照料与陪伴",
        "老年人",
        "社区日间照料站缺少活动内容，老人希望有健身操、读报、手工等日常活动。",
        (40, 80),
    ),
    NeedTemplate(
        "社区调解",
        "governance",
        "邻里矛盾调解",
        "社区居民",
        "停车、噪音、漏水引起的邻里纠纷较多，希望有专业调解员定期驻点。",
        (50, 150),
    ),
    NeedTemplate(
        "心理关爱",
        "health",
        "青少年与老人心理关爱",
        "青少年、空巢老人",
        "居民反映孩子学业压力大、空巢老人孤独，希望开展心理疏导和关爱活动。",
        (30, 60),
    ),
    NeedTemplate(
        "助残",
        "disability",
        "残疾人康复与融入",
        "残疾人及家属",
        "社区有残疾人三十余人，希望提供康复指导和社区融入活动。",
        (20, 40),
    ),
)

# What 东街街道 bought (the article): 13 projects; 水泉湾龙园社区's three come first.
DONGJIE = "东街街道"
LONGYUAN = "水泉湾龙园社区"
LONGYUAN_KINDS = ("围棋", "手工", "英语")
DONGJIE_KINDS = ("太极拳", "书画", "手工艺", "书法", "国画", "中医健康", "社区安全", "舞蹈", "古筝", "孤寡老人帮扶")
# Where the article places two activities.
PLACES = {"迎春里社区": "扎染", "柳园巷社区": "国画"}

# Intentions per purchaser (62 in all, as many as the projects implemented; 东街 13).
INTENTIONS_PER_PURCHASER = {
    "东街街道": 13,
    "南关街道": 5,
    "北关街道": 4,
    "西街街道": 5,
    "南街街道": 4,
    "北街街道": 4,
    "新建南路街道": 4,
    "新建北路街道": 4,
    "大庆路街道": 4,
    "新华街街道": 4,
    "向阳里街道": 4,
    "振华南街街道": 4,
    "水泊寺乡": 3,
}
INTENTION_BUDGETS = (Decimal(20000), Decimal(25000), Decimal(30000), Decimal(35000), Decimal(40000), Decimal(50000))

ROUND_CODE = "pingcheng-2020"
ROUND_NAME = "平城区第二届政府向社会力量购买服务"
ROUND_YEAR = 2020

# The timeline (the article: launch mid-October 2020, services from mid-December).
NEEDS_FROM = datetime(2020, 8, 3, 9, 0, tzinfo=SHANGHAI)
NEEDS_UNTIL = datetime(2020, 9, 18, 17, 0, tzinfo=SHANGHAI)
QUESTIONNAIRE_OPEN = datetime(2020, 8, 10, 9, 0, tzinfo=SHANGHAI)
QUESTIONNAIRE_CLOSE = datetime(2020, 8, 31, 18, 0, tzinfo=SHANGHAI)
NEEDS_DECIDED = datetime(2020, 9, 25, 10, 0, tzinfo=SHANGHAI)
ROUND_OPENED = datetime(2020, 9, 28, 9, 0, tzinfo=SHANGHAI)
INTENTIONS_AT = datetime(2020, 10, 9, 10, 0, tzinfo=SHANGHAI)
CALL_DRAFTED = datetime(2020, 10, 12, 9, 0, tzinfo=SHANGHAI)
CALL_PUBLISHED = datetime(2020, 10, 15, 9, 0, tzinfo=SHANGHAI)
CALL_DEADLINE = datetime(2020, 11, 6, 17, 0, tzinfo=SHANGHAI)
CALL_AMENDED = datetime(2020, 10, 22, 15, 0, tzinfo=SHANGHAI)
CALL_NUMBER_EXPECTED = 155
CALL_CAP = Decimal(50000)

CALL_TITLE = "平城区第二届政府向社会力量购买服务项目申报通知"
CALL_BODY = (
    "为满足社区居民多样化需求，推进政府向社会力量购买服务工作，经平城区政府购买服务组委会研究，现面向社会公开征集"
    "社区服务项目。本次项目意向由各街道（乡）根据社区居民需求征集结果汇总形成，请符合条件的社会组织及其他社会力量"
    "对照项目意向认真编制项目书，在截止时间前通过本平台提交。项目将经初筛、综合终审（参考以往项目实施情况、开展成效"
    "及资金使用情况）和社会公示后确定，由各街道（乡）与承接主体签订合同，12月中旬起实施，2021年12月前全面完成结项。"
)

QUESTIONS: tuple[tuple[str, str, list[str]], ...] = (
    ("single", "您的年龄段", ["18岁以下", "18—35岁", "36—59岁", "60岁及以上"]),
    (
        "multiple",
        "您最希望社区提供哪些服务？（可多选）",
        ["文化体育活动", "为老服务", "儿童青少年服务", "健康服务", "社区安全", "便民维修", "社区厨房"],
    ),
    ("single", "您希望活动安排在什么时间？", ["工作日白天", "工作日晚上", "周末", "都可以"]),
    ("text", "您还有哪些需求或建议？", []),
)
FREE_TEXT_ANSWERS = (
    "希望多组织老年人活动",
    "孩子放学后没人管，希望有托管或兴趣班",
    "楼道灯坏了很久，希望有人修",
    "希望有书法、国画课",
    "小区没有物业，维修困难",
    "希望广场舞音乐小一点",
    "建议开设中医养生讲座",
    "希望社区食堂能送餐",
    "",
)
ANSWER_QUESTIONS = (
    ("这次申报的项目能否覆盖多个社区？", "可以。项目书中应写明服务的社区，且须在对应项目意向所覆盖的社区范围内。"),
    ("劳务费是否包括志愿者补贴？", "包括。劳务费与志愿者补贴合计不得超过项目预算的50%。"),
    ("成立不满一年的社会组织能否申报？", "本次申报要求登记成立满一年，且上年度年检合格。"),
    ("一个机构最多可以申报几个项目？", "每个机构最多申报3个项目。"),
)
KEPT_FOR_LATER = "需求已受理，纳入社区需求库，将在后续购买服务或社区日常工作中统筹解决。"
AMENDMENT_REASON = "根据答疑情况，补充说明项目书须加盖服务社区公章的要求，并将申报材料清单中“社区意见”调整为必交材料。"
