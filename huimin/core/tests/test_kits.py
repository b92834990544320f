"""The core kits every context uses: the state machine, input cleaning, the actor's scope sets, the view kit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.test import RequestFactory
from django.utils import translation

from huimin.core import cleaning, viewkit
from huimin.core.permissions import Actor, PermissionDenied
from huimin.core.services.errors import ServiceError
from huimin.core.statemachine import StateMachine, Transition
from huimin.core.testing.statemachines import assert_machine_walks


class Light(models.TextChoices):
    RED = "red", "Red"
    GREEN = "green", "Green"
    OFF = "off", "Off"


MACHINE = StateMachine(
    Transition("go", {Light.RED}, Light.GREEN, "A light that is “%(status)s” cannot turn green."),
    Transition("stop", {Light.GREEN}, Light.RED),
    Transition("switch_off", {Light.RED, Light.GREEN}, Light.OFF),
    statuses=Light,
    code="light_transition",
)
TABLE = {
    (Light.RED, "go"): Light.GREEN,
    (Light.GREEN, "stop"): Light.RED,
    (Light.RED, "switch_off"): Light.OFF,
    (Light.GREEN, "switch_off"): Light.OFF,
}


def test_the_machine_answers_from_its_table():
    assert MACHINE.allowed(Light.RED) == ["go", "switch_off"]
    assert MACHINE.is_final(Light.OFF)
    assert MACHINE.reachable(Light.GREEN) == {"red", "green", "off"}
    with pytest.raises(ServiceError) as refused:
        MACHINE.require(Light.GREEN, "go")
    assert refused.value.error_code == "light_transition"
    assert "“Green” cannot turn green" in refused.value.messages[0]


def test_apply_moves_the_object_and_refuses_without_touching_it():
    class Lamp:
        status = Light.RED

    lamp = Lamp()
    assert MACHINE.apply(lamp, "go") == "red" and lamp.status == "green"
    with pytest.raises(ServiceError):
        MACHINE.apply(lamp, "go")
    assert lamp.status == "green"


def test_the_general_refusal_names_the_step_and_the_status():
    with translation.override("en"), pytest.raises(ServiceError) as refused:
        MACHINE.require(Light.OFF, "stop")
    assert refused.value.messages == ["This step (stop) is not possible while it is “Off”."]


def test_a_refusal_may_name_more_than_the_status_and_carry_its_own_code():
    machine = StateMachine(
        Transition("go", {Light.RED}, Light.GREEN),
        Transition(
            "stop", {Light.GREEN}, Light.RED, "Lamp %(number)s is “%(status)s”; it cannot stop.", code="lamp_not_green"
        ),
        statuses=Light,
        code="light_transition",
    )
    with pytest.raises(ServiceError) as refused:
        machine.require(Light.OFF, "stop", number="L-7")
    assert refused.value.error_code == "lamp_not_green"
    assert refused.value.messages == ["Lamp L-7 is “Off”; it cannot stop."]
    assert machine.code_of("go") == "light_transition"


def test_status_labels_are_translated_when_the_refusal_is_made():
    from django.utils.translation import gettext_lazy

    class Lazy(models.TextChoices):
        A = "a", gettext_lazy("Published")
        B = "b", gettext_lazy("Draft")

    machine = StateMachine(Transition("go", {Lazy.A}, Lazy.B), statuses=Lazy, code="x")
    with translation.override("en"), pytest.raises(ServiceError) as english:
        machine.require(Lazy.B, "go")
    with translation.override("zh-hans"), pytest.raises(ServiceError) as chinese:
        machine.require(Lazy.B, "go")
    assert "“Draft”" in english.value.messages[0]
    assert "“Draft”" not in chinese.value.messages[0]


def test_a_table_naming_an_unknown_status_or_twice_the_same_transition_is_refused():
    with pytest.raises(ValueError, match="unknown statuses"):
        StateMachine(Transition("go", {"blue"}, Light.GREEN), statuses=Light, code="x")
    with pytest.raises(ValueError, match="declared twice"):
        StateMachine(
            Transition("go", {Light.RED}, Light.GREEN),
            Transition("go", {Light.OFF}, Light.RED),
            statuses=Light,
            code="x",
        )


def test_the_walk_catches_a_table_that_differs_from_the_documented_one():
    assert_machine_walks(MACHINE, expected=TABLE, initial=[Light.RED])
    with pytest.raises(AssertionError):
        assert_machine_walks(MACHINE, expected={**TABLE, (Light.OFF, "go"): Light.GREEN}, initial=[Light.RED])
    with pytest.raises(AssertionError, match="unreachable"):
        assert_machine_walks(MACHINE, expected=TABLE, initial=[Light.OFF])


@pytest.mark.parametrize(
    ("typed", "money", "expected"),
    [
        ("５０", False, Decimal("50.00")),
        ("1,200.5", False, Decimal("1200.50")),
        ("5万", True, Decimal("50000.00")),
        ("５万元", True, Decimal("50000.00")),
        ("349.50元", True, Decimal("349.50")),
    ],
)
def test_amounts_accept_what_people_type(typed, money, expected):
    errors = cleaning.FieldErrors()
    assert cleaning.clean_decimal(errors, "amount", typed, label="Amount", money=money) == expected
    assert not errors.by_field


@pytest.mark.parametrize("typed", ["abc", "1.234", "-5", "1e400", "-1e400"])
def test_bad_amounts_are_named_and_raised_with_the_collectors_code(typed):
    errors = cleaning.FieldErrors("budget_invalid")
    assert cleaning.clean_decimal(errors, "amount", typed, label="Amount", money=True) is None
    with pytest.raises(ServiceError) as raised:
        errors.raise_if_any()
    assert raised.value.error_code == "budget_invalid" and "amount" in raised.value.message_dict


def test_counts_text_and_lines():
    errors = cleaning.FieldErrors()
    assert cleaning.clean_count(errors, "n", "１２０人", label="N") == 120
    assert cleaning.clean_count(errors, "m", "1.5", label="M") is None and "m" in errors.by_field
    assert cleaning.one_line("  社区\u3000 服务\x07 ") == "社区 服务"
    assert cleaning.paragraph("一\r\n二\x00\r三 ") == "一\n二\n三"
    assert cleaning.parse_decimal("１，０００".replace("，", ",")) == Decimal("1000")


def test_actor_scope_sets(db):
    from huimin.core.models import Division, Organization, Role, RoleAssignment

    street = Division.objects.create(code="140200001000", name="东街街道", level="street")
    org = Organization.objects.create(name="平城区社会工作服务中心")
    actor = Actor(
        user=None,
        assignments=[
            RoleAssignment(role=Role.PURCHASER, division=street),
            RoleAssignment(role=Role.PROVIDER, organization=org),
        ],
    )
    assert actor.division_ids(Role.PURCHASER) == {street.pk}
    assert actor.organization_ids(Role.PROVIDER) == {org.pk}
    assert actor.organization_ids(Role.PROJECT_MANAGER) == set()


def test_view_kit_refusals_and_errors():
    with pytest.raises(DjangoPermissionDenied):
        viewkit.deny()
    with pytest.raises(Http404):
        viewkit.not_found("没有")

    @viewkit.refuse_service_denials
    def view(request):
        raise PermissionDenied("不可以")

    with pytest.raises(DjangoPermissionDenied, match="不可以"):
        view(RequestFactory().get("/"))

    from django import forms

    class Form(forms.Form):
        title = forms.CharField()

    form = Form(data={"title": "x"})
    form.is_valid()
    viewkit.show_service_error(form, ValidationError({"title": ["太短"], "budget": ["超出"]}), name_other_fields=True)
    assert form.errors["title"] == ["太短"] and form.non_field_errors() == ["budget: 超出"]
    moment = datetime(2020, 11, 1, tzinfo=UTC)
    with translation.override("en"):
        assert viewkit.time_left(moment + timedelta(days=1, hours=2), moment) == "1 day 2 hours left"
        assert viewkit.time_left(moment, moment, over="closed") == "closed"
    request = RequestFactory().get("/?next=https://evil.example/")
    assert viewkit.safe_next(request, "/home/") == "/home/"
