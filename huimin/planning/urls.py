"""/calls/rounds/… and /calls/intentions/…: the planning pages (rounds, budgets, purchasers' intentions).

Mounted under /calls/ next to the calls' own pages (config/urls.py), in the `planning` namespace.
"""

from django.urls import path

from .views import intentions, rounds

app_name = "planning"

urlpatterns = [
    # everyone (the public sees opened rounds and confirmed intentions)
    path("rounds/", rounds.round_list, name="round_list"),
    path("rounds/new/", rounds.round_new, name="round_new"),
    path("rounds/<slug:code>/", rounds.round_detail, name="round_detail"),
    path("intentions/<uuid:public_id>/", intentions.intention_detail, name="intention_detail"),
    # the district administrator (rounds/new/ above, before the codes)
    path("rounds/<slug:code>/edit/", rounds.round_edit, name="round_edit"),
    path("rounds/<slug:code>/budgets/", rounds.round_budget, name="round_budget"),
    path("rounds/<slug:code>/open/", rounds.round_open_view, name="round_open"),
    path("rounds/<slug:code>/close/", rounds.round_close_view, name="round_close"),
    # purchasers (and the district administrator on their behalf)
    path("planning/", intentions.planning_desk, name="planning_desk"),
    path("rounds/<slug:code>/plan/", intentions.round_plan, name="round_plan"),
    path("rounds/<slug:code>/plan/new/", intentions.intention_new, name="intention_new"),
    path("intentions/<uuid:public_id>/edit/", intentions.intention_edit, name="intention_edit"),
    path("intentions/<uuid:public_id>/confirm/", intentions.intention_confirm_view, name="intention_confirm"),
    path("intentions/<uuid:public_id>/withdraw/", intentions.intention_withdraw_view, name="intention_withdraw"),
]
