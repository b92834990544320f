from django.urls import path

from .views import auth, calendar, divisions, home, organizations, people

app_name = "core"
urlpatterns = [
    path("", home.home, name="home"),
    # sign-in
    path("login/", auth.SignInView.as_view(), name="login"),
    path("logout/", auth.SignOutView.as_view(), name="logout"),
    path("password/", auth.password_change, name="password_change"),
    path("tokens/", people.tokens, name="tokens"),
    path("tokens/<str:prefix>/revoke/", people.token_revoke, name="token_revoke"),
    # divisions
    path("divisions/", divisions.division_list_view, name="division_list"),
    path("divisions/new/", divisions.division_create_view, name="division_create"),
    path("divisions/<str:code>/", divisions.division_detail, name="division_detail"),
    path("divisions/<str:code>/edit/", divisions.division_edit_view, name="division_edit"),
    # organizations
    path("organizations/", organizations.organization_list_view, name="organization_list"),
    path("organizations/new/", organizations.organization_create_view, name="organization_create"),
    path("organizations/<uuid:public_id>/", organizations.organization_detail, name="organization_detail"),
    path("organizations/<uuid:public_id>/edit/", organizations.organization_edit_view, name="organization_edit"),
    path(
        "organizations/<uuid:public_id>/inspections/add/",
        organizations.organization_inspection_add,
        name="organization_inspection_add",
    ),
    path(
        "organizations/<uuid:public_id>/grades/add/",
        organizations.organization_grade_add,
        name="organization_grade_add",
    ),
    path(
        "organizations/<uuid:public_id>/contacts/add/",
        organizations.organization_contact_add_view,
        name="organization_contact_add",
    ),
    # people
    path("people/", people.person_list, name="person_list"),
    path("people/new/", people.person_create, name="person_create"),
    path("people/<str:username>/", people.person_detail, name="person_detail"),
    path("people/<str:username>/edit/", people.person_edit, name="person_edit"),
    path("people/<str:username>/roles/add/", people.person_role_add, name="person_role_add"),
    path("people/<str:username>/roles/revoke/", people.person_role_revoke, name="person_role_revoke"),
    # working-day calendar
    path("calendar/", calendar.calendar_view, name="calendar"),
]
