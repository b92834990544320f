"""The questionnaires desk: community workers, purchasers and the district administrator write questionnaires
(questions added, changed, removed and reordered in place with htmx), open and close them, type in paper forms
quickly, and download the responses."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from huimin.core.services.errors import ServiceError
from huimin.core.viewkit import deny, is_htmx, not_found, paginate, refuse_service_denials, show_service_error

from .. import exports, selectors
from ..forms import FilterForm, PaperForm, QuestionForm, QuestionnaireForm, option_letter
from ..models import Question, Questionnaire, QuestionnaireStatus, Response
from ..permissions import can_manage_questionnaire, can_use_desk, manager_refusal
from ..rules import paper_refusal_reason
from ..selectors import QuestionnaireNotFound
from ..services import (
    question_add,
    question_move,
    question_remove,
    question_update,
    questionnaire_close,
    questionnaire_create,
    questionnaire_open,
    questionnaire_update,
    response_enter_paper,
    response_paper_delete,
)
from ..states import EDITABLE


def _require_desk(request) -> None:
    if not can_use_desk(request.actor):
        deny(_("This page is for community workers, purchasers and the district administrator."))


def _managed(request, public_id) -> Questionnaire:
    """The questionnaire, when the actor manages it: 404 when they cannot see it, 403 when they only may read it."""
    try:
        questionnaire = selectors.questionnaire_get(actor=request.actor, public_id=public_id)
    except QuestionnaireNotFound:
        not_found(_("There is no questionnaire with this address."))
    if not can_manage_questionnaire(request.actor, questionnaire):
        deny(manager_refusal(questionnaire.division))
    return questionnaire


def _question(questionnaire: Questionnaire, question_id) -> Question:
    try:
        return selectors.question_get(questionnaire=questionnaire, question_id=question_id)
    except Question.DoesNotExist:
        not_found(_("This question is not part of the questionnaire."))


@login_required
@require_GET
def desk(request):
    _require_desk(request)
    form = FilterForm(request.GET or None, statuses=QuestionnaireStatus.choices)
    status, search = "", ""
    if form.is_valid():
        status, search = form.cleaned_data["status"], form.cleaned_data["q"].strip()
    page = paginate(
        request, selectors.questionnaire_list(actor=request.actor, managed=True, status=status or None, search=search)
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "surveys/desk.html", {"form": form, "page": page, "query": query.urlencode()})


@login_required
@require_http_methods(["GET", "POST"])
@refuse_service_denials
def create(request):
    _require_desk(request)
    divisions = selectors.divisions_for_new_questionnaire(actor=request.actor)
    form = QuestionnaireForm(request.POST or None, divisions=divisions)
    if divisions.count() == 1:
        form.fields["division"].initial = divisions.first()
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            questionnaire = questionnaire_create(
                division=data["division"],
                title=data["title"],
                description=data["description"],
                opens_at=data["opens_at"],
                closes_at=data["closes_at"],
                actor=request.actor,
            )
        except ServiceError as exc:
            show_service_error(form, exc)
        else:
            messages.success(request, _("The questionnaire was created as a draft. Add its questions."))
            return redirect("surveys:manage", public_id=questionnaire.public_id)
    return render(request, "surveys/create.html", {"form": form})


def _manage_context(request, questionnaire: Questionnaire, **extra) -> dict:
    editable = questionnaire.status in EDITABLE
    context = {
        "questionnaire": questionnaire,
        "questions": _question_rows(questionnaire),
        "editable": editable,
        "question_form": QuestionForm(prefix="new"),
        "paper_open": paper_refusal_reason(questionnaire, timezone.now()) is None,
    }
    context.update(extra)
    if "form" not in context:
        context["form"] = _details_form(questionnaire)
    return context


def _question_rows(questionnaire: Questionnaire) -> list[dict]:
    questions = selectors.questions_of(questionnaire)
    return [
        {
            "question": q,
            "options": [(option_letter(i), label) for i, label in enumerate(q.choices)],
            "first": n == 0,
            "last": n == len(questions) - 1,
        }
        for n, q in enumerate(questions)
    ]


def _details_form(questionnaire: Questionnaire, data=None) -> QuestionnaireForm | None:
    if questionnaire.status == QuestionnaireStatus.CLOSED:
        return None
    return QuestionnaireForm(
        data,
        locked=questionnaire.status != QuestionnaireStatus.DRAFT,
        initial={
            "title": questionnaire.title,
            "description": questionnaire.description,
            "opens_at": questionnaire.opens_at and timezone.localtime(questionnaire.opens_at),
            "closes_at": questionnaire.closes_at and timezone.localtime(questionnaire.closes_at),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@refuse_service_denials
def manage(request, public_id):
    """The questionnaire's page on the desk: its details (saved here), its questions, open / close."""
    questionnaire = _managed(request, public_id)
    form = _details_form(questionnaire, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form is not None and form.is_valid():
        data = form.cleaned_data
        changes = {"closes_at": data["closes_at"]}
        if questionnaire.status == QuestionnaireStatus.DRAFT:
            changes |= {"title": data["title"], "description": data["description"], "opens_at": data["opens_at"]}
        try:
            questionnaire_update(questionnaire=questionnaire, actor=request.actor, **changes)
        except ServiceError as exc:
            show_service_error(form, exc)
        else:
            messages.success(request, _("The questionnaire was saved."))
            return redirect("surveys:manage", public_id=questionnaire.public_id)
    return render(request, "surveys/manage.html", _manage_context(request, questionnaire, form=form))


def _questions_response(
    request, questionnaire: Questionnaire, *, question_form: QuestionForm | None = None, error: str = ""
):
    """After a change to the questions: the list (htmx) or the whole page. A refused change shows its reason."""
    questionnaire.refresh_from_db()
    extra: dict = {"question_error": error}
    if question_form is not None:
        extra["question_form"] = question_form
    failed = bool(error) or (question_form is not None and bool(question_form.errors))
    if is_htmx(request):
        return render(request, "surveys/_questions.html", _manage_context(request, questionnaire, **extra))
    if failed:
        return render(request, "surveys/manage.html", _manage_context(request, questionnaire, **extra), status=400)
    return redirect("surveys:manage", public_id=questionnaire.public_id)


def _question_fields(data: dict) -> dict:
    """What the question form gives the services (question_add, question_update)."""
    return {name: data[name] for name in ("kind", "text", "required", "choices")}


@login_required
@require_POST
@refuse_service_denials
def question_new(request, public_id):
    questionnaire = _managed(request, public_id)
    form = QuestionForm(request.POST, prefix="new")
    if form.is_valid():
        data = form.cleaned_data
        try:
            question_add(questionnaire=questionnaire, **_question_fields(data), actor=request.actor)
        except ServiceError as exc:
            show_service_error(form, exc)
        else:
            return _questions_response(request, questionnaire)
    return _questions_response(request, questionnaire, question_form=form)


@login_required
@require_http_methods(["GET", "POST"])
@refuse_service_denials
def question_edit(request, public_id, question_id):
    questionnaire = _managed(request, public_id)
    question = _question(questionnaire, question_id)
    prefix = f"edit{question.pk}"
    form = QuestionForm.for_question(question, request.POST if request.method == "POST" else None, prefix=prefix)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            question_update(question=question, **_question_fields(data), actor=request.actor)
        except ServiceError as exc:
            show_service_error(form, exc)
        else:
            response = _questions_response(request, questionnaire)
            if is_htmx(request):  # the edit form replaced one question; the saved list replaces them all
                response["HX-Retarget"] = "#questions"
                response["HX-Reswap"] = "innerHTML"
            return response
    context = {"questionnaire": questionnaire, "question": question, "edit_form": form}
    if is_htmx(request):  # htmx swaps 200 responses only: the form comes back in place with its errors
        return render(request, "surveys/_question_edit.html", context)
    return render(request, "surveys/question_edit.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
@refuse_service_denials
def question_delete(request, public_id, question_id):
    questionnaire = _managed(request, public_id)
    question = _question(questionnaire, question_id)
    try:
        question_remove(question=question, actor=request.actor)
    except ServiceError as exc:
        return _questions_response(request, questionnaire, error=" ".join(exc.messages))
    return _questions_response(request, questionnaire)


@login_required
@require_POST
@refuse_service_denials
def question_shift(request, public_id, question_id, direction):
    questionnaire = _managed(request, public_id)
    question = _question(questionnaire, question_id)
    if direction not in ("up", "down"):
        not_found(_("A question moves up or down."))
    try:
        question_move(question=question, offset=-1 if direction == "up" else 1, actor=request.actor)
    except ServiceError as exc:
        return _questions_response(request, questionnaire, error=" ".join(exc.messages))
    return _questions_response(request, questionnaire)


@login_required
@require_POST
@refuse_service_denials
def open_view(request, public_id):
    questionnaire = _managed(request, public_id)
    try:
        questionnaire_open(questionnaire=questionnaire, actor=request.actor)
    except ServiceError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The questionnaire is open: residents can answer it now."))
    return redirect("surveys:manage", public_id=questionnaire.public_id)


@login_required
@require_POST
@refuse_service_denials
def close_view(request, public_id):
    questionnaire = _managed(request, public_id)
    try:
        questionnaire_close(questionnaire=questionnaire, actor=request.actor)
    except ServiceError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The questionnaire is closed; its results stay public."))
    return redirect("surveys:manage", public_id=questionnaire.public_id)


def _paper_context(request, questionnaire: Questionnaire, form: PaperForm) -> dict:
    questionnaire.refresh_from_db()
    return {
        "questionnaire": questionnaire,
        "form": form,
        "question_fields": [
            (form[f"q{q.pk}"], [(option_letter(i), label) for i, label in enumerate(q.choices)]) for q in form.questions
        ],
        "recent": selectors.paper_responses(actor=request.actor, questionnaire=questionnaire),
        "reason": paper_refusal_reason(questionnaire, timezone.now()),
    }


@login_required
@require_http_methods(["GET", "POST"])
@refuse_service_denials
def paper(request, public_id):
    """Type in paper forms one after the other: Enter moves to the next box, and after saving the empty form comes
    back with the cursor in the first box."""
    questionnaire = _managed(request, public_id)
    questions = selectors.questions_of(questionnaire)
    form = PaperForm(request.POST or None, questions=questions)
    if request.method == "POST" and form.is_valid():
        try:
            response = response_enter_paper(
                questionnaire=questionnaire,
                answers=form.answers(),
                paper_number=form.cleaned_data["paper_number"],
                actor=request.actor,
            )
        except ServiceError as exc:
            show_service_error(form, exc)
        else:
            if response.paper_number:
                messages.success(request, _("Paper form %(number)s saved.") % {"number": response.paper_number})
            else:
                messages.success(request, _("Paper form saved."))
            return redirect("surveys:paper", public_id=questionnaire.public_id)
    return render(
        request, "surveys/paper.html", _paper_context(request, questionnaire, form), status=400 if form.errors else 200
    )


@login_required
@require_POST
@refuse_service_denials
def paper_delete(request, public_id, response_id):
    questionnaire = _managed(request, public_id)
    try:
        response = selectors.paper_response_get(actor=request.actor, questionnaire=questionnaire, public_id=response_id)
    except Response.DoesNotExist:
        not_found(_("There is no such paper form."))
    try:
        response_paper_delete(response=response, actor=request.actor)
    except ServiceError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The paper form was taken back."))
    return redirect("surveys:paper", public_id=questionnaire.public_id)


@login_required
@require_GET
def export(request, public_id, fmt):
    questionnaire = _managed(request, public_id)
    responses = selectors.responses_for_export(actor=request.actor, questionnaire=questionnaire)
    if responses is None:
        deny()
    questions = selectors.questions_of(questionnaire)
    stamp = timezone.localtime().strftime("%Y%m%d")
    name = f"questionnaire-{str(questionnaire.public_id)[:8]}-{stamp}"
    if fmt == "csv":
        response = HttpResponse(exports.to_csv(questions, responses), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(
            exports.to_xlsx(questions, responses),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        not_found(_("Responses are downloaded as csv or xlsx."))
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@login_required
@require_GET
def print_form(request, public_id):
    """A blank form to print for residents who answer on paper (options lettered as on the entry page)."""
    questionnaire = _managed(request, public_id)
    return render(
        request,
        "surveys/print.html",
        {"questionnaire": questionnaire, "questions": _question_rows(questionnaire)},
    )
