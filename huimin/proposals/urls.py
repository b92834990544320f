"""/proposals/…: the organization's proposals, the editor, receipts, the printed proposal and the read-only view for
staff after the deadline. The organization's profile (/proposals/profile/…) is the providers app's."""

from django.urls import path

from .views import editor, mine, read, submission

app_name = "proposals"

urlpatterns = [
    # the organization's proposals (its own providers)
    path("", mine.mine, name="mine"),
    path("new/", mine.new, name="new"),
    # one proposal: read (the organization; staff after the deadline), print, PDF, receipts
    path("<uuid:public_id>/", read.detail, name="detail"),
    path("<uuid:public_id>/print/", read.print_view, name="print"),
    path("<uuid:public_id>/pdf/", read.pdf, name="pdf"),
    path("<uuid:public_id>/receipt/", submission.receipt, name="receipt"),
    # submission (the organization)
    path("<uuid:public_id>/submit/", submission.submit, name="submit"),
    path("<uuid:public_id>/withdraw/", submission.withdraw, name="withdraw"),
    path("<uuid:public_id>/submit-fix/", submission.submit_fix, name="submit_fix"),
    path("<uuid:public_id>/confirm-amendments/", editor.amendments_confirm, name="confirm_amendments"),
    # the editor (the organization)
    path("<uuid:public_id>/edit/", editor.edit, name="edit"),
    path("<uuid:public_id>/edit/field/", editor.autosave, name="autosave"),
    path("<uuid:public_id>/edit/section/<slug:section>/", editor.section_save, name="section_save"),
    path("<uuid:public_id>/edit/intentions/", editor.intentions_save, name="intentions_save"),
    path("<uuid:public_id>/edit/communities/", editor.communities_save, name="communities_save"),
    path("<uuid:public_id>/edit/commitment/", editor.commitment_save, name="commitment_save"),
    path("<uuid:public_id>/edit/team/add/", editor.team_row_add, name="team_add"),
    path("<uuid:public_id>/edit/team/<uuid:member_id>/", editor.team_row_update, name="team_update"),
    path("<uuid:public_id>/edit/team/<uuid:member_id>/remove/", editor.team_row_remove, name="team_remove"),
    path("<uuid:public_id>/edit/documents/<slug:code>/upload/", editor.document_upload, name="document_upload"),
    path(
        "<uuid:public_id>/edit/documents/<slug:code>/use-profile/",
        editor.document_use_profile,
        name="document_use_profile",
    ),
    path("<uuid:public_id>/edit/documents/<slug:code>/remove/", editor.document_remove, name="document_remove"),
    path("<uuid:public_id>/edit/<slug:kind>/add/", editor.row_add, name="row_add"),
    path("<uuid:public_id>/edit/<slug:kind>/<int:position>/", editor.row_update, name="row_update"),
    path("<uuid:public_id>/edit/<slug:kind>/<int:position>/remove/", editor.row_remove, name="row_remove"),
]
