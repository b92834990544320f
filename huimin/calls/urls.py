"""/calls/…: the public list and call pages, and the project managers' desk (/calls/manage/…). The planning pages
under /calls/rounds/, /calls/intentions/ and /calls/planning/ are huimin.planning's, mounted next to these in
config/urls.py."""

from django.urls import path

from .views import amend, desk, public, questions

app_name = "calls"

urlpatterns = [
    # everyone
    path("", public.call_list, name="call_list"),
    path("<uuid:public_id>/", public.call_detail, name="call_detail"),
    # providers
    path("<uuid:public_id>/ask/", public.call_ask, name="call_ask"),
    # project managers (their organization's calls) and the district administrator
    path("manage/", desk.call_desk, name="call_desk"),
    path("manage/new/", desk.call_new, name="call_new"),
    path("manage/rows/<str:kind>/", desk.call_editor_row, name="call_editor_row"),
    path("manage/<uuid:public_id>/edit/", desk.call_edit, name="call_edit"),
    path("manage/<uuid:public_id>/documents/", desk.call_document_upload, name="call_document_upload"),
    path(
        "manage/<uuid:public_id>/documents/<uuid:document_id>/remove/",
        desk.call_document_delete,
        name="call_document_remove",
    ),
    path("manage/<uuid:public_id>/publish/", desk.call_publish_view, name="call_publish"),
    path("manage/<uuid:public_id>/amend/", amend.call_amend_view, name="call_amend"),
    path("manage/<uuid:public_id>/cancel/", desk.call_cancel_view, name="call_cancel"),
    path("manage/<uuid:public_id>/questions/", questions.call_questions, name="call_questions"),
    path("manage/questions/<uuid:public_id>/answer/", questions.question_answer, name="question_answer"),
    path("manage/questions/<uuid:public_id>/reject/", questions.question_reject, name="question_reject"),
    path("manage/questions/<uuid:public_id>/correct/", questions.question_correct, name="question_correct"),
]
