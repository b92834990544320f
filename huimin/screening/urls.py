"""/screening/…: the desk of calls to screen, a call's board, one proposal's screening, the provider's results."""

from django.urls import path

from . import views

app_name = "screening"

urlpatterns = [
    path("", views.index, name="index"),
    path("mine/", views.mine, name="mine"),
    path("proposals/<uuid:public_id>/", views.detail, name="detail"),
    path("<uuid:public_id>/", views.board, name="board"),
    path("<uuid:public_id>/run/", views.run, name="run"),
    path("<uuid:public_id>/batch/", views.batch, name="batch"),
    path("<uuid:public_id>/export.xlsx", views.export, name="export"),
]
