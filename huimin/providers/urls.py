"""/proposals/profile/…: the organization's profile, kept by its own providers (mounted under /proposals/, where the
providers write the proposals that reuse it)."""

from django.urls import path

from .views import profile

app_name = "providers"

urlpatterns = [
    path("", profile.profile, name="profile"),
    path("team/add/", profile.team_member_add, name="team_member_add"),
    path("team/<uuid:public_id>/edit/", profile.team_member_edit, name="team_member_edit"),
    path("team/<uuid:public_id>/deactivate/", profile.team_member_deactivate_view, name="team_member_deactivate"),
    path("team/<uuid:public_id>/reactivate/", profile.team_member_reactivate_view, name="team_member_reactivate"),
    path("projects/add/", profile.past_project_add, name="past_project_add"),
    path("projects/<uuid:public_id>/edit/", profile.past_project_edit, name="past_project_edit"),
    path("projects/<uuid:public_id>/remove/", profile.past_project_remove_view, name="past_project_remove"),
    path("documents/upload/", profile.profile_document_upload_view, name="profile_document_upload"),
    path(
        "documents/<uuid:attachment_id>/remove/",
        profile.profile_document_remove_view,
        name="profile_document_remove",
    ),
]
