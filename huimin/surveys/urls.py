from django.urls import path

from .views import desk, public

app_name = "surveys"

urlpatterns = [
    # public: published questionnaires, answering, results
    path("", public.questionnaire_list, name="list"),
    path("<uuid:public_id>/", public.answer, name="answer"),
    path("<uuid:public_id>/phone/", public.answer_phone, name="answer_phone"),
    path("<uuid:public_id>/phone/verify/", public.answer_verify, name="answer_verify"),
    path("<uuid:public_id>/phone/forget/", public.answer_forget, name="answer_forget"),
    path("<uuid:public_id>/results/", public.results, name="results"),
    # the desk: community workers, purchasers, the district administrator
    path("manage/", desk.desk, name="desk"),
    path("manage/new/", desk.create, name="create"),
    path("manage/<uuid:public_id>/", desk.manage, name="manage"),
    path("manage/<uuid:public_id>/questions/", desk.question_new, name="question_add"),
    path("manage/<uuid:public_id>/questions/<int:question_id>/", desk.question_edit, name="question_edit"),
    path("manage/<uuid:public_id>/questions/<int:question_id>/remove/", desk.question_delete, name="question_remove"),
    path(
        "manage/<uuid:public_id>/questions/<int:question_id>/move/<str:direction>/",
        desk.question_shift,
        name="question_move",
    ),
    path("manage/<uuid:public_id>/open/", desk.open_view, name="open"),
    path("manage/<uuid:public_id>/close/", desk.close_view, name="close"),
    path("manage/<uuid:public_id>/paper/", desk.paper, name="paper"),
    path("manage/<uuid:public_id>/paper/<uuid:response_id>/remove/", desk.paper_delete, name="paper_delete"),
    path("manage/<uuid:public_id>/responses.<str:fmt>", desk.export, name="export"),
    path("manage/<uuid:public_id>/print/", desk.print_form, name="print"),
]
