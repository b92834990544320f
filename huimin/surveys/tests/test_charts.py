"""The ECharts option builders of the results page."""

from __future__ import annotations

import json

from django.utils import translation

from huimin.surveys.charts import choice_bar_option, choice_pie_option, question_chart_option, summary_charts


def _question(kind: str = "single", counts=(3, 1, 0), answered: int = 4) -> dict:
    labels = ["助餐", "日间照料", "ＡＢＣ英语班"]
    return {
        "id": 7,
        "position": 2,
        "kind": kind,
        "text": "您最需要哪些服务？",
        "required": True,
        "answered": answered,
        "options": [
            {"index": i, "label": labels[i], "count": c, "share": round(c / answered, 4) if answered else 0.0}
            for i, c in enumerate(counts)
        ],
        "texts": [],
        "text_count": 0,
    }


def test_pie_lists_the_chosen_options_with_their_counts():
    with translation.override("en"):
        option = choice_pie_option(_question())
    assert option["title"]["text"] == "2. 您最需要哪些服务？"
    assert option["series"][0]["type"] == "pie"
    assert option["series"][0]["data"] == [{"name": "助餐", "value": 3}, {"name": "日间照料", "value": 1}]
    assert option["aria"] == {"enabled": True}
    json.dumps(option, ensure_ascii=False)


def test_bars_show_percentages_top_down_in_option_order():
    option = choice_bar_option(_question("multiple", counts=(3, 2, 1), answered=4))
    assert option["yAxis"]["data"] == ["ＡＢＣ英语班", "日间照料", "助餐"]  # ECharts draws bottom-up
    values = [d["value"] for d in option["series"][0]["data"]]
    counts = [d["count"] for d in option["series"][0]["data"]]
    assert values == [25.0, 50.0, 75.0] and counts == [1, 2, 3]
    assert option["xAxis"]["max"] == 100


def test_chart_kind_follows_the_question_kind():
    assert question_chart_option(_question("single"))["series"][0]["type"] == "pie"
    assert question_chart_option(_question("multiple"))["series"][0]["type"] == "bar"
    assert question_chart_option({**_question(), "kind": "text"}) is None


def test_summary_charts_skip_free_text_and_unanswered_questions():
    summary = {
        "questions": [
            _question("single"),
            {**_question("multiple", counts=(0, 0, 0), answered=0), "id": 8},
            {**_question(), "id": 9, "kind": "text", "options": []},
        ]
    }
    assert list(summary_charts(summary)) == ["chart-q7"]
