"""The questionnaire's transition table, walked completely, and the services that move along it."""

from __future__ import annotations

import pytest

from huimin.core.services.errors import ServiceError
from huimin.core.testing.statemachines import assert_machine_walks
from huimin.surveys.error_codes import SurveysError
from huimin.surveys.models import QuestionnaireStatus
from huimin.surveys.services import questionnaire_close, questionnaire_open
from huimin.surveys.states import QUESTIONNAIRE_MACHINE, QuestionnaireAction

from .factories import make_questionnaire

EXPECTED = {
    (QuestionnaireStatus.DRAFT, QuestionnaireAction.OPEN): QuestionnaireStatus.OPEN,
    (QuestionnaireStatus.OPEN, QuestionnaireAction.CLOSE): QuestionnaireStatus.CLOSED,
}


def test_the_table_is_draft_open_closed():
    assert_machine_walks(QUESTIONNAIRE_MACHINE, expected=EXPECTED, initial=[QuestionnaireStatus.DRAFT])
    assert QUESTIONNAIRE_MACHINE.is_final(QuestionnaireStatus.CLOSED)


def _in(world, status):
    questionnaire = make_questionnaire(world.community_a1, world.worker_a1, opened=status != QuestionnaireStatus.DRAFT)
    if status == QuestionnaireStatus.CLOSED:
        questionnaire = questionnaire_close(questionnaire=questionnaire, actor=world.worker_a1)
    assert questionnaire.status == status
    return questionnaire


@pytest.mark.django_db
@pytest.mark.parametrize("status", list(QuestionnaireStatus.values))
@pytest.mark.parametrize("action", [a.value for a in QuestionnaireAction])
def test_every_status_and_action_through_the_services(world, status, action):
    questionnaire = _in(world, status)
    service = questionnaire_open if action == QuestionnaireAction.OPEN else questionnaire_close
    expected = QUESTIONNAIRE_MACHINE.target(status, action)
    if expected is None:
        with pytest.raises(ServiceError) as err:
            service(questionnaire=questionnaire, actor=world.worker_a1)
        assert err.value.error_code == SurveysError.QUESTIONNAIRE_TRANSITION
        questionnaire.refresh_from_db()
        assert questionnaire.status == status
    else:
        service(questionnaire=questionnaire, actor=world.worker_a1)
        questionnaire.refresh_from_db()
        assert questionnaire.status == expected
