"""The catalogue of service categories: only the district administrator changes it; codes and names are unique;
a category is deactivated, never deleted."""

from __future__ import annotations

import pytest

from huimin.audit.models import AuditEvent
from huimin.core.permissions import PermissionDenied
from huimin.core.services.errors import ServiceError
from huimin.needs import selectors
from huimin.needs.error_codes import NeedsError
from huimin.needs.events import NeedsEvent
from huimin.needs.models import NeedCategory
from huimin.needs.services import (
    need_category_activate,
    need_category_create,
    need_category_deactivate,
    need_category_update,
)

from .factories import category, make_need

pytestmark = pytest.mark.django_db


def test_the_seeded_catalogue_has_the_product_categories(world):
    names = set(selectors.categories().values_list("name", flat=True))
    assert {"文化体育", "为老服务", "儿童青少年", "社区安全", "便民维修", "社区厨房"} <= names


def test_admin_adds_a_category_placed_last(world):
    last = max(selectors.categories().values_list("position", flat=True))
    created = need_category_create(code="  Mental-Health ", name="心理健康", description="心理疏导", actor=world.admin)
    assert created.code == "mental-health" and created.position == last + 10
    assert AuditEvent.objects.filter(event_type=NeedsEvent.NEED_CATEGORY_CREATED, target_id=str(created.pk)).exists()


@pytest.mark.parametrize("who", ["worker_a1", "purchaser_a", "resident", "provider"])
def test_others_cannot_change_the_catalogue(world, who):
    actor = getattr(world, who)
    with pytest.raises(PermissionDenied):
        need_category_create(code="x", name="某类", actor=actor)
    with pytest.raises(PermissionDenied):
        need_category_deactivate(category=category("elderly"), actor=actor)
    with pytest.raises(PermissionDenied):
        need_category_update(category=category("elderly"), name="改名", actor=actor)


@pytest.mark.parametrize(
    ("code", "name", "field", "error"),
    [
        ("elderly", "新的", "code", NeedsError.CATEGORY_DUPLICATE),
        ("new-one", "为老服务", "name", NeedsError.CATEGORY_DUPLICATE),
        ("bad code", "新的", "code", NeedsError.CATEGORY_INVALID),
        ("双语", "新的", "code", NeedsError.CATEGORY_INVALID),
        ("", "新的", "code", NeedsError.CATEGORY_INVALID),
        ("ok", "　", "name", NeedsError.CATEGORY_INVALID),
    ],
)
def test_bad_categories_are_refused(world, code, name, field, error):
    with pytest.raises(ServiceError) as err:
        need_category_create(code=code, name=name, actor=world.admin)
    assert err.value.error_code == error and field in err.value.message_dict


def test_full_width_codes_and_positions_are_read(world):
    created = need_category_create(code="ｅｌｄｅｒ-ｃａｒｅ", name="长者照护", position="５", actor=world.admin)
    assert created.code == "elder-care" and created.position == 5


def test_rename_keeps_the_code_and_refuses_another_categorys_name(world):
    elderly = category("elderly")
    need_category_update(category=elderly, name="为老服务（含助餐）", position=1, actor=world.admin)
    elderly.refresh_from_db()
    assert elderly.code == "elderly" and elderly.name == "为老服务（含助餐）" and elderly.position == 1
    with pytest.raises(ServiceError) as err:
        need_category_update(category=elderly, name="文化体育", actor=world.admin)
    assert err.value.error_code == NeedsError.CATEGORY_DUPLICATE


def test_deactivated_categories_stay_on_their_needs(world):
    need = make_need(world.community_a1, world.worker_a1, category=category("kitchen"))
    need_category_deactivate(category=category("kitchen"), actor=world.admin)
    assert "kitchen" not in selectors.categories().values_list("code", flat=True)
    assert "kitchen" in selectors.categories(active_only=False).values_list("code", flat=True)
    need.refresh_from_db()
    assert need.category.code == "kitchen"
    from huimin.needs.services import need_update

    need_update(need=need, actor=world.worker_a1, category=need.category, title="保留原类别")
    need_category_activate(category=category("kitchen"), actor=world.admin)
    assert NeedCategory.objects.get(code="kitchen").is_active
