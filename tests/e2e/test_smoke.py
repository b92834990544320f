"""The demo site comes up and greets a visitor in Chinese."""

from __future__ import annotations


def test_home_page_loads_in_chinese_with_the_platform_name_in_its_title(page):
    response = page.goto("/")
    assert response is not None
    assert response.status == 200, f"GET / answered {response.status}"
    assert "惠民" in page.title()
