"""The service categories the district starts with (configurable afterwards by the district administrator):
(code, name, description). Seeded by migration 0002; `huimin demo load --fresh` restores them when missing."""

CATEGORIES = [
    ("culture-sports", "文化体育", "书法、绘画、太极拳、舞蹈、古筝、围棋等公益性文化体育活动"),
    ("elderly", "为老服务", "孤寡、独居、高龄老人的帮扶、照料与上门服务"),
    ("youth", "儿童青少年", "课后托管、英语、手工、兴趣培养与成长陪伴"),
    ("health", "健康服务", "中医健康、健康讲座、慢病管理"),
    ("safety", "社区安全", "安全隐患排查、消防与防诈宣传、社区巡查"),
    ("repairs", "便民维修", "无物业小区便民维修保障、老人居家维修"),
    ("kitchen", "社区厨房", "社区食堂、老年助餐"),
    ("heritage", "非遗与传统文化", "大同手工艺、扎染、茶艺等非物质文化遗产传承"),
    ("volunteer", "志愿服务", "志愿者招募、培训与志愿服务活动"),
    ("disability", "助残服务", "残疾人康复、就业与融入"),
    ("governance", "社区治理", "居民议事、邻里调解、社区营造"),
]
