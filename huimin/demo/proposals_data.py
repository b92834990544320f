"""Facts and texts of the proposals and screening demonstration data (the seed's round, autumn 2020).

The article says 155 proposals (项目书) were received and cut down by 初筛 and 综合终审; that the 2018 round
(REFERENCE.md §2.1) had 32 applicants and 25 selected. What the demo chooses: who applied for which intention, the
budgets (within the call's rules: 劳务 ≤ 50 %, 管理费 ≤ 10 %, unit-price caps), the texts, the submission dates, and
which screenings ask for a fix.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")

PROPOSALS = 155
SUBMIT_FROM = datetime(2020, 10, 16, 9, 0, tzinfo=SHANGHAI)
SUBMIT_UNTIL = datetime(2020, 11, 6, 12, 0, tzinfo=SHANGHAI)
SCREENING_RUN = datetime(2020, 11, 9, 9, 30, tzinfo=SHANGHAI)
DECIDED = datetime(2020, 11, 10, 15, 0, tzinfo=SHANGHAI)
FIXED = datetime(2020, 11, 12, 10, 0, tzinfo=SHANGHAI)
FINAL = datetime(2020, 11, 16, 10, 0, tzinfo=SHANGHAI)

ROUND_2018 = "2018年平城区政府向社会力量征集公益项目"
# The 2018 round's 25 selected projects, recorded on the platform for the organizations (the article's examples first).
PROJECTS_2018 = (
    "品味艺术魅力构建幸福社区——国画教学",
    "魅力女性课堂",
    "面塑非遗文化进社区",
    "社区老年人太极拳健身",
    "传统节日传承——社区端午民俗活动",
    "社区调解志愿者培训",
    "老年人日间照料陪伴",
    "少儿书法启蒙",
    "社区关爱空巢老人",
    "邻里守望社区安全巡查",
    "社区广场舞规范化教学",
    "青少年心理成长小组",
    "社区文化体育趣味运动会",
    "便民维修进社区",
    "社区围棋兴趣班",
    "大同剪纸艺术进社区",
    "社区书画展",
    "中医养生讲座",
    "助残康复小组",
    "社区志愿服务队培育",
    "社区读书会",
    "社区茶艺文化沙龙",
    "亲子手工坊",
    "社区英语角",
    "古筝演奏入门",
)

TEAM_ROLES = (
    ("项目负责人", "本科 社会工作", "social_worker", ""),
    ("授课教师", "本科", "other", "相关专业技能等级证书"),
    ("社工助理", "大专 社会工作", "assistant", ""),
    ("志愿者协调员", "大专", "none", ""),
)

# The narrative is put together from these parts, so that proposals answering similar needs still read differently
# (screening flags narratives that are nearly the same).
OPENINGS = (
    "项目面向{communities}的{target}。",
    "{communities}是本机构长期服务的社区，服务对象为{target}。",
    "本项目立足{communities}，以{target}为主要服务对象。",
    "针对{communities}{target}的实际需要，机构设计了本项目。",
    "{communities}居委会与本机构共同商定，为{target}开展服务。",
    "受益对象为{communities}的{target}，兼顾其家庭成员。",
)
METHODS = (
    "采用小组教学与集中展示相结合的方式，每周固定两次活动，",
    "由专业教师带领，社工负责招募与跟进，分初级、提高两个阶段推进，",
    "以“骨干带动、居民互助”为思路，先培训骨干再由骨干带动居民，",
    "结合节假日开展主题活动，平时以兴趣小组形式常态化运行，",
    "线上报名、线下活动，每期活动后收集居民反馈并调整内容，",
    "与社区志愿者队伍合作，设置固定活动日和开放日，",
    "以社区活动室为主要阵地，逐步延伸到楼院和小区广场，",
    "安排入户走访与集中活动相结合，重点照顾行动不便的居民，",
)
GOALS = (
    "力争一年内形成一支能自我组织的居民队伍。",
    "期末举办成果展示，邀请居民评议服务效果。",
    "通过满意度调查检验成效，持续改进服务。",
    "着力提升居民参与度和邻里互助氛围。",
    "帮助居民掌握实用技能，丰富社区文化生活。",
    "把服务做成社区的常态项目，项目结束后仍能延续。",
    "同步建立服务档案，为后续服务提供依据。",
    "努力使服务覆盖更多有需要的家庭。",
)
NEEDS = (
    "问需调查中{asking}位居民提出相关需求，需求公示后又有{supports}位居民附议。",
    "社区入户走访发现，有{asking}户居民希望开展{kind}类服务，{supports}人在需求栏附议。",
    "居民议事会上{kind}服务被列为优先事项，征集期间{asking}人登记、{supports}人附议。",
    "社区现有场地但缺少专业力量，{asking}名居民在问卷中勾选了{kind}，附议人数{supports}人。",
    "近两年社区{kind}活动参与人数逐年增加，本次问需{asking}人提出扩大服务，附议{supports}人。",
)
OBJECTIVE_PARTS = (
    "开展活动{sessions}场，直接服务{direct}人。",
    "直接受益{direct}人，活动不少于{sessions}场次。",
    "全年服务{direct}人，举办{sessions}次集中活动。",
    "完成{sessions}场服务，受益居民达到{direct}人。",
)
LEADERS = (
    "培育社区骨干{leaders}名，居民满意度不低于90%。",
    "培养{leaders}名志愿骨干，满意度达到90%以上。",
    "形成{leaders}人的骨干队伍，服务满意率90%以上。",
)
RISKS = "天气原因改为室内活动；参与者安全由专业人员和志愿者保障；人员变动时由机构储备人员接替。"
SUSTAINABILITY = "项目结束后由培育的社区骨干继续组织活动，社区提供场地支持，机构持续提供专业指导。"
FIX_REASON = "服务社区意见只加盖了一个社区的公章：项目覆盖多个社区，请补充每个服务社区的意见并重新上传。"
REJECT_REASON_CREDIT = "信用核查：该机构在联合惩戒名单中，不得承接政府购买服务项目（核查证据已保存）。"
REJECT_REASON_INSPECTION = "上年度年检结论不符合申报条件（须为合格）。"
REJECT_REASON_OPERATING = "登记成立不满一年，不符合申报条件。"
REJECT_REASON_DUPLICATE = "项目书主要内容与其他机构的项目书高度雷同，经核实为抄袭。"
REJECT_REASON_FIX_EXPIRED = "未在补正期限内补交所缺材料。"
PASS_REASON_WARNED = "信用核查有警示记录，已核实不属于重大违法记录，准予进入综合终审。"  # nosec B105
PASS_REASON = "初筛通过。"  # nosec B105
