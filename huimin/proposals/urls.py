"""/proposals/…: the organization's profile, its proposals, the editor, receipts, the printed proposal and the
read-only view for staff after the deadline."""

from django.urls import path

from .views import profile

app_name = "proposals"

urlpatterns = [
    # the organization's profile (its own providers)
    path("profile/", profile.profile, name="profile"),
    path("profile/team/add/", profile.team_member_add, name="team_member_add"),
    path("profile/team/<uuid:public_id>/edit/", profile.team_member_edit, name="team_member_edit"),
    path(
        "profile/team/<uuid:public_id>/deactivate/",
        profile.team_member_deactivate_view,
        name="team_member_deactivate",
    ),
    path(
        "profile/team/<uuid:public_id>/reactivate/",
        profile.team_member_reactivate_view,
        name="team_member_reactivate",
    ),
    path("profile/projects/add/", profile.past_project_add, name="past_project_add"),
    path("profile/projects/<uuid:public_id>/edit/", profile.past_project_edit, name="past_project_edit"),
    path("profile/projects/<uuid:public_id>/remove/", profile.past_project_remove_view, name="past_project_remove"),
    path("profile/documents/upload/", profile.profile_document_upload_view, name="profile_document_upload"),
    path(
        "profile/documents/<uuid:attachment_id>/remove/",
        profile.profile_document_remove_view,
        name="profile_document_remove",
    ),
]
