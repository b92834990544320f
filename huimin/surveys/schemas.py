"""Shapes of the questionnaire API: `<Entity>In` (bodies), `<Entity>Out` (responses), `<Entity>Filter` (queries).

Questionnaires are named by `public_id`, divisions by their code, questions by their `id` within the questionnaire.
An answer gives `selected` (0-based option indexes) for a choice question or `text` for a free-text one. Refused
answers come back as 400 with messages per question under `errors["q<id>"]`.
"""

# No `from __future__ import annotations`: ninja reads these annotations at runtime.
from datetime import datetime
from uuid import UUID

from ninja import Field, Schema

from .models import QuestionKind, QuestionnaireStatus, ResponseChannel


class QuestionnaireFilter(Schema):
    status: QuestionnaireStatus | None = Field(None, description="draft (yours only), open or closed.")
    q: str = Field("", description="Part of the title or of the community's name.")
    division: str | None = Field(None, description="Code of a community, or of a street (its communities too).")
    managed: bool = Field(False, description="Only the questionnaires you manage (drafts included).")


class SurveyQuestionOut(Schema):
    id: int
    position: int
    kind: QuestionKind
    text: str
    required: bool
    choices: list[str] = Field(description="The options of a choice question, in order; answers give their index.")


class QuestionnaireRowOut(Schema):
    public_id: UUID
    title: str
    division_code: str
    division_name: str
    status: QuestionnaireStatus
    opens_at: datetime | None
    closes_at: datetime | None
    published_at: datetime | None
    closed_at: datetime | None
    response_count: int


class QuestionnaireOut(QuestionnaireRowOut):
    description: str
    questions: list[SurveyQuestionOut]


class OptionResultOut(Schema):
    index: int
    label: str
    count: int
    share: float = Field(description="count / answered (0–1); for multiple choice the shares may add up to more.")


class QuestionResultOut(Schema):
    id: int
    position: int
    kind: QuestionKind
    text: str
    required: bool
    answered: int = Field(description="How many responses answered this question.")
    options: list[OptionResultOut]
    texts: list[str] = Field(description="Free text: the latest 50 answers, without anything naming who wrote them.")
    text_count: int


class ResultsOut(Schema):
    public_id: UUID
    title: str
    division: str
    status: QuestionnaireStatus
    responses: int
    online: int
    paper: int
    questions: list[QuestionResultOut]


class SurveyQuestionIn(Schema):
    kind: QuestionKind
    text: str
    required: bool = True
    choices: list[str] = Field(
        default_factory=list, description="2 to 20 options for a choice question; none for text."
    )


class QuestionnaireIn(Schema):
    division: str = Field(description="Code of the community (or street) the questionnaire belongs to.")
    title: str
    description: str = ""
    opens_at: datetime | None = None
    closes_at: datetime | None = Field(None, description="It closes by itself at this moment.")
    questions: list[SurveyQuestionIn] = Field(default_factory=list)


class SurveyAnswerIn(Schema):
    question_id: int
    selected: list[int] | None = Field(None, description="Choice question: the 0-based indexes of the options chosen.")
    text: str | None = Field(None, description="Free-text question: the answer (500 characters at most).")


class SurveyPhoneCodeIn(Schema):
    phone: str


class SurveyPhoneCodeOut(Schema):
    sent: bool
    valid_minutes: int


class ResponseIn(Schema):
    answers: list[SurveyAnswerIn]
    phone: str | None = Field(None, description="Without a resident account: the mobile phone the code was sent to.")
    code: str | None = Field(None, description="The code sent by POST /questionnaires/{public_id}/response-code.")


class PaperResponseIn(Schema):
    answers: list[SurveyAnswerIn]
    paper_number: str = Field("", description="The number written on the paper form (unique per questionnaire).")


class ResponseOut(Schema):
    public_id: UUID
    questionnaire: UUID
    channel: ResponseChannel
    paper_number: str
    submitted_at: datetime
    response_count: int
