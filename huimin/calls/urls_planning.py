"""/calls/rounds/… and /calls/intentions/…: planning pages (rounds, budgets, purchasers' intentions)."""

from django.urls import path

from . import views_planning as views

urlpatterns = [
    # everyone (the public sees opened rounds and confirmed intentions)
    path("rounds/", views.round_list, name="round_list"),
    path("rounds/new/", views.round_new, name="round_new"),
    path("rounds/<slug:code>/", views.round_detail, name="round_detail"),
    path("intentions/<uuid:public_id>/", views.intention_detail, name="intention_detail"),
    # the district administrator (rounds/new/ above, before the codes)
    path("rounds/<slug:code>/edit/", views.round_edit, name="round_edit"),
    path("rounds/<slug:code>/budgets/", views.round_budget, name="round_budget"),
    path("rounds/<slug:code>/open/", views.round_open_view, name="round_open"),
    path("rounds/<slug:code>/close/", views.round_close_view, name="round_close"),
    # purchasers (and the district administrator on their behalf)
    path("planning/", views.planning_desk, name="planning_desk"),
    path("rounds/<slug:code>/plan/", views.round_plan, name="round_plan"),
    path("rounds/<slug:code>/plan/new/", views.intention_new, name="intention_new"),
    path("intentions/<uuid:public_id>/edit/", views.intention_edit, name="intention_edit"),
    path("intentions/<uuid:public_id>/confirm/", views.intention_confirm_view, name="intention_confirm"),
    path("intentions/<uuid:public_id>/withdraw/", views.intention_withdraw_view, name="intention_withdraw"),
]
