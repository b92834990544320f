"""The three successive regimes of penalty publication periods (REFERENCE.md §3.4), as editable data."""

from datetime import date

from django.db import migrations

REGIMES = [
    {
        "code": "ndrc-2019-527",
        "name": "关于进一步完善“信用中国”网站及地方信用门户网站行政处罚信息信用修复机制的通知",
        "document": "发改办财金〔2019〕527号",
        "effective_from": date(2019, 7, 1),
        "note": "一般失信 3个月–1年；严重失信 6个月–3年；特定严重失信 公示3年、不可修复。简易程序处罚在本规则下按一般失信处理。",
        "rules": [
            ("minor", "", True, 3, 12, True),
            ("general", "", True, 3, 12, True),
            ("serious", "", True, 6, 36, True),
            ("specific_serious", "", True, 36, 36, False),
        ],
    },
    {
        "code": "ndrc-order-58",
        "name": "失信行为纠正后的信用信息修复管理办法（试行）",
        "document": "国家发展改革委令第58号",
        "effective_from": date(2023, 5, 1),
        "note": "行政处罚信息 最短3个月、最长3年；特种设备、安全生产、消防领域 最短1年；多种处罚类别取最长期限；自处罚决定日起算。",
        "rules": [
            ("minor", "", True, 3, 36, True),
            ("general", "", True, 3, 36, True),
            ("serious", "", True, 3, 36, True),
            ("specific_serious", "", True, 36, 36, False),
            ("general", "special_equipment", True, 12, 36, True),
            ("general", "work_safety", True, 12, 36, True),
            ("general", "fire", True, 12, 36, True),
            ("serious", "special_equipment", True, 12, 36, True),
            ("serious", "work_safety", True, 12, 36, True),
            ("serious", "fire", True, 12, 36, True),
        ],
    },
    {
        "code": "ndrc-order-36",
        "name": "信用修复管理办法",
        "document": "国家发展改革委令第36号",
        "effective_from": date(2026, 4, 1),
        "note": "轻微失信（简易程序、警告、通报批评）原则上不予公示；一般 3个月–1年；严重 1–3年；自文书日期起算。",
        "rules": [
            ("minor", "", False, 0, 0, True),
            ("general", "", True, 3, 12, True),
            ("serious", "", True, 12, 36, True),
            ("specific_serious", "", True, 36, 36, False),
        ],
    },
]


def seed(apps, schema_editor):
    Regime = apps.get_model("credit", "PublicationRegime")
    Rule = apps.get_model("credit", "RegimeRule")
    for data in REGIMES:
        rules = data["rules"]
        fields = {k: v for k, v in data.items() if k != "rules"}
        regime, _ = Regime.objects.update_or_create(code=fields.pop("code"), defaults=fields)
        for severity, sector, published, min_m, max_m, repairable in rules:
            Rule.objects.update_or_create(
                regime=regime, severity=severity, sector=sector,
                defaults={"published": published, "min_months": min_m, "max_months": max_m, "repairable": repairable},
            )


def unseed(apps, schema_editor):
    apps.get_model("credit", "PublicationRegime").objects.filter(code__in=[r["code"] for r in REGIMES]).delete()


class Migration(migrations.Migration):
    dependencies = [("credit", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
