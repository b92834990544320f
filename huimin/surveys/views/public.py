"""The public side: the list of published questionnaires, the phone-friendly answer page (a signed-in resident, or
a mobile phone verified by a one-time code) and the results with their charts."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from huimin.core.clients import RequestOrigin
from huimin.core.services.errors import ServiceError
from huimin.core.services.phones import phone_verification_confirm, phone_verification_start
from huimin.core.viewkit import not_found, paginate, refuse_service_denials, show_service_error

from .. import presenters, selectors
from ..charts import summary_charts
from ..forms import AnswerForm, CodeForm, FilterForm, PhoneForm, option_letter
from ..models import Questionnaire, QuestionnaireStatus
from ..permissions import can_manage_questionnaire, respondent_of
from ..rules import refusal_reason
from ..selectors import QuestionnaireNotFound
from ..services import response_submit
from ._common import forget_phone_key, phone_key, remember_phone_key


def _visible(request, public_id) -> Questionnaire:
    try:
        return selectors.questionnaire_get(actor=request.actor, public_id=public_id)
    except QuestionnaireNotFound:
        not_found(_("There is no published questionnaire with this address."))


@require_GET
def questionnaire_list(request):
    published = [(s, label) for s, label in QuestionnaireStatus.choices if s != QuestionnaireStatus.DRAFT]
    form = FilterForm(request.GET or None, statuses=published)
    status, search = "", ""
    if form.is_valid():
        status, search = form.cleaned_data["status"], form.cleaned_data["q"].strip()
    page = paginate(request, selectors.public_questionnaire_list(status=status or None, search=search))
    page.object_list = presenters.public_questionnaires(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "surveys/list.html", {"form": form, "page": page, "query": query.urlencode()})


def _answer_context(request, questionnaire: Questionnaire, **extra) -> dict:
    now = timezone.now()
    key = phone_key(request)
    who = respondent_of(request.actor, key)
    manager = can_manage_questionnaire(request.actor, questionnaire)
    context: dict[str, Any] = {
        "questionnaire": presenters.public_questionnaire(questionnaire),  # the page is public
        "reason": refusal_reason(questionnaire, now),
        "who": who,
        "by_phone": who is not None and not who[1],
        "answered": who is not None and selectors.has_answered(questionnaire=questionnaire, respondent_key=who[0]),
        "manager": manager,
        "preview": questionnaire.status == QuestionnaireStatus.DRAFT and manager,
        "login_url": f"{reverse('core:login')}?next={request.path}",
    }
    context.update(extra)
    if "form" not in context:
        context["form"] = AnswerForm(questions=presenters.public_questions(selectors.questions_of(questionnaire)))
    if "phone_form" not in context and "code_form" not in context:
        context["phone_form"] = PhoneForm()
    return context


@require_http_methods(["GET", "POST"])
@refuse_service_denials
def answer(request, public_id):
    questionnaire = _visible(request, public_id)
    questions = presenters.public_questions(selectors.questions_of(questionnaire))
    if request.method == "POST":
        form = AnswerForm(request.POST, questions=questions)
        if form.is_valid():
            try:
                response_submit(
                    questionnaire=questionnaire,
                    answers=form.answers(),
                    actor=request.actor,
                    resident_key=phone_key(request),
                )
            except ServiceError as exc:
                show_service_error(form, exc)
            else:
                messages.success(request, _("Thank you: your answers have been recorded."))
                return redirect("surveys:results", public_id=questionnaire.public_id)
        return render(request, "surveys/answer.html", _answer_context(request, questionnaire, form=form))
    return render(request, "surveys/answer.html", _answer_context(request, questionnaire))


@require_POST
def answer_phone(request, public_id):
    """Send a one-time code to the mobile number typed in."""
    questionnaire = _visible(request, public_id)
    form = PhoneForm(request.POST)
    if form.is_valid():
        try:
            phone_verification_start(
                phone=form.cleaned_data["phone"], origin=RequestOrigin.of(request), actor=request.actor
            )
        except ServiceError as exc:
            show_service_error(form, exc)
        else:
            code_form = CodeForm(initial={"phone": form.cleaned_data["phone"]})
            return render(
                request,
                "surveys/answer.html",
                _answer_context(request, questionnaire, code_form=code_form, phone=form.cleaned_data["phone"]),
            )
    return render(request, "surveys/answer.html", _answer_context(request, questionnaire, phone_form=form))


@require_POST
def answer_verify(request, public_id):
    """Check the code; the phone then names the resident in this browser session."""
    questionnaire = _visible(request, public_id)
    form = CodeForm(request.POST)
    if form.is_valid():
        try:
            key = phone_verification_confirm(
                phone=form.cleaned_data["phone"], code=form.cleaned_data["code"], actor=request.actor
            )
        except ServiceError as exc:
            show_service_error(form, exc)
        else:
            remember_phone_key(request, key)
            messages.success(request, _("Your mobile phone is verified. You can answer now."))
            return redirect("surveys:answer", public_id=questionnaire.public_id)
    return render(
        request,
        "surveys/answer.html",
        _answer_context(request, questionnaire, code_form=form, phone=request.POST.get("phone", "")),
    )


@require_POST
def answer_forget(request, public_id):
    """Stop using the verified phone in this browser (a shared phone or computer)."""
    questionnaire = _visible(request, public_id)
    forget_phone_key(request)
    return redirect("surveys:answer", public_id=questionnaire.public_id)


@require_GET
def results(request, public_id):
    questionnaire = _visible(request, public_id)
    summary = selectors.questionnaire_summary(questionnaire)
    for question in summary["questions"]:
        for option in question["options"]:
            option["letter"] = option_letter(option["index"])
            option["percent"] = round(option["share"] * 100, 1)
    return render(
        request,
        "surveys/results.html",
        {
            "questionnaire": presenters.public_questionnaire(questionnaire),
            "summary": summary,
            "charts": summary_charts(summary),
            "manager": can_manage_questionnaire(request.actor, questionnaire),
            "reason": refusal_reason(questionnaire, timezone.now()),
        },
    )
