"""问需: short questionnaires a community publishes to residents; the answers become evidence for needs.

Kept in its own context because the same machinery serves later surveys (residents' satisfaction at closure).
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class QuestionnaireStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for answers")
    CLOSED = "closed", _("Closed")


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    TEXT = "text", _("Free text")


class ResponseChannel(models.TextChoices):
    ONLINE = "online", _("Answered online")
    PAPER = "paper", _("Paper form entered by a worker")


class Questionnaire(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    division = models.ForeignKey(
        "core.Division", verbose_name=_("community"), on_delete=models.PROTECT, related_name="questionnaires"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=QuestionnaireStatus.choices, default=QuestionnaireStatus.DRAFT
    )
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    response_count = models.PositiveIntegerField(_("responses"), default=0)
    created_by = models.ForeignKey("core.User", null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=16, choices=QuestionKind.choices)
    text = models.CharField(_("question"), max_length=300)
    required = models.BooleanField(_("required"), default=True)
    # The options of a choice question, in order; answers store their indexes.
    choices = models.JSONField(_("options"), default=list, blank=True)

    class Meta:
        ordering = ["questionnaire_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "position"], name="uniq_question_position"),
        ]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text


class Response(models.Model):
    """One resident's answers (online, signed in or by verified phone) or one paper form entered by a worker."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="responses")
    channel = models.CharField(_("channel"), max_length=16, choices=ResponseChannel.choices)
    respondent = models.ForeignKey("core.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # Who answered, as a digest (account or verified phone): one online answer per resident. Blank for paper forms.
    respondent_key = models.CharField(max_length=64, blank=True)
    entered_by = models.ForeignKey("core.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # The number written on a paper form, when the worker numbers them: the same form is not entered twice.
    paper_number = models.CharField(_("paper form number"), max_length=32, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"))

    class Meta:
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "respondent_key"],
                condition=~models.Q(respondent_key=""),
                name="uniq_response_per_respondent",
            ),
            models.UniqueConstraint(
                fields=["questionnaire", "paper_number"],
                condition=~models.Q(paper_number=""),
                name="uniq_response_paper_number",
            ),
        ]
        verbose_name = _("questionnaire response")
        verbose_name_plural = _("questionnaire responses")

    def __str__(self) -> str:
        return f"{self.questionnaire_id}:{self.public_id}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    selected = models.JSONField(_("selected options"), default=list, blank=True)
    text = models.TextField(_("answer"), blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="uniq_answer_per_question")]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return f"{self.response_id}:{self.question_id}"
