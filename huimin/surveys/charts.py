"""ECharts options for the results pages, built in Python (unit-tested) and handed to the page with `json_script`.

Each builder takes one question's row of `selectors.questionnaire_summary` and returns a plain, JSON-serializable
dict. Single choice: a pie (the shares add up to 100 %). Multiple choice: horizontal bars of the share of
respondents who chose each option (they may add up to more than 100 %).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from .models import QuestionKind

LABEL_WIDTH = 14  # characters of an option label shown on the axis before it wraps


def _base(title: str) -> dict[str, Any]:
    return {
        "aria": {"enabled": True},
        "title": {"text": title, "left": "center", "textStyle": {"fontSize": 14, "width": 320, "overflow": "break"}},
        "tooltip": {},
    }


def _title(question: dict[str, Any]) -> str:
    return f"{question['position']}. {question['text']}"


def choice_pie_option(question: dict[str, Any]) -> dict[str, Any]:
    """A pie of the options chosen (options nobody chose are left out of the pie, not of the table)."""
    option = _base(_title(question))
    option["tooltip"] = {"trigger": "item", "formatter": "{b}: {c} ({d}%)"}
    option["legend"] = {"bottom": 0, "type": "scroll"}
    option["series"] = [
        {
            "name": _("Answers"),
            "type": "pie",
            "radius": ["30%", "60%"],
            "center": ["50%", "52%"],
            # Percentages inside the slices; the names are in the legend (outside labels get cut on phones).
            "label": {"position": "inside", "formatter": "{d}%"},
            "data": [{"name": o["label"], "value": o["count"]} for o in question["options"] if o["count"]],
        }
    ]
    return option


def choice_bar_option(question: dict[str, Any]) -> dict[str, Any]:
    """Horizontal bars: for each option, the share (in %) of those who answered the question who chose it, with
    the count in the tooltip. Options keep their order from top to bottom."""
    options = list(reversed(question["options"]))  # ECharts draws a category axis bottom-up
    option = _base(_title(question))
    option["tooltip"] = {"trigger": "axis", "axisPointer": {"type": "shadow"}}
    option["grid"] = {"left": 8, "right": 48, "top": 48, "bottom": 8, "containLabel": True}
    option["xAxis"] = {"type": "value", "max": 100, "axisLabel": {"formatter": "{value}%"}}
    option["yAxis"] = {
        "type": "category",
        "data": [o["label"] for o in options],
        "axisLabel": {"width": LABEL_WIDTH * 12, "overflow": "break"},
    }
    option["series"] = [
        {
            "name": _("Share of those who answered (%)"),
            "type": "bar",
            "label": {"show": True, "position": "right", "formatter": "{c}%"},
            "data": [{"value": round(o["share"] * 100, 1), "count": o["count"]} for o in options],
        }
    ]
    return option


def question_chart_option(question: dict[str, Any]) -> dict[str, Any] | None:
    """The chart that suits a question of the summary, or None for free text."""
    if question["kind"] == QuestionKind.SINGLE:
        return choice_pie_option(question)
    if question["kind"] == QuestionKind.MULTIPLE:
        return choice_bar_option(question)
    return None


def summary_charts(summary: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """{element id: option} for every choice question that has answers, in the summary's order."""
    charts: dict[str, dict[str, Any]] = {}
    for question in summary["questions"]:
        option = question_chart_option(question)
        if option is not None and question["answered"]:
            charts[f"chart-q{question['id']}"] = option
    return charts
