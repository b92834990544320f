"""The back office for core data. Every change made here is written to the audit trail in the same transaction.

The pages (core.views) are the main way to work; the admin is for the district's back office: corrections,
role assignment, unlocking accounts. Validation that the services apply (credit codes, division levels, role
scopes) is applied to the admin forms too.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .adminkit import AuditedAdmin, ReadOnlyAdmin, admin_actor
from .models import (
    AnnualInspection,
    ApiToken,
    CalendarDay,
    CalendarYear,
    Division,
    EvaluationGrade,
    LoginThrottle,
    Organization,
    OrganizationContact,
    RoleAssignment,
    SmsSend,
    User,
)
from .models.divisions import ALLOWED_PARENT_LEVELS
from .permissions import Actor, PermissionDenied, can_manage_people, role_scope_problem
from .services.organizations import EDITABLE_FIELDS

# --- divisions ----------------------------------------------------------------------------------------------------


class DivisionAdminForm(forms.ModelForm):
    class Meta:
        model = Division
        fields = ("code", "name", "level", "parent", "is_active", "takes_part", "valid_from", "valid_to", "note")

    def clean(self):
        data = super().clean() or {}
        code, level, parent = data.get("code") or "", data.get("level"), data.get("parent")
        if code and (not code.isdigit() or len(code) not in (6, 9, 12)):
            self.add_error("code", _("A division code has 6, 9 or 12 digits (GB/T 2260 and the statistical code)."))
        allowed = ALLOWED_PARENT_LEVELS.get(level or "")
        if allowed and (parent is None or parent.level not in allowed):
            self.add_error("parent", _("A division of this level must sit under a division of the level above."))
        if allowed == () and parent is not None:
            self.add_error("parent", _("A district has no parent division here."))
        if parent is not None and self.instance.pk and parent.pk == self.instance.pk:
            self.add_error("parent", _("A division cannot sit under itself."))
        return data


@admin.register(Division)
class DivisionAdmin(AuditedAdmin):
    form = DivisionAdminForm
    list_display = ("code", "name", "level", "parent", "is_active", "takes_part")
    list_filter = ("level", "is_active", "takes_part")
    search_fields = ("code", "name")
    autocomplete_fields = ("parent",)
    ordering = ("code",)


# --- organizations ------------------------------------------------------------------------------------------------


class OrganizationAdminForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = EDITABLE_FIELDS

    def clean_uscc(self):
        value = (self.cleaned_data.get("uscc") or "").strip().upper()
        if not value:
            return None
        from .validators import check_uscc

        result = check_uscc(value)
        if not result.valid:
            raise ValidationError(list(result.errors))
        return result.code


class AnnualInspectionInline(admin.TabularInline):
    model = AnnualInspection
    extra = 0


class EvaluationGradeInline(admin.TabularInline):
    model = EvaluationGrade
    extra = 0


class OrganizationContactInline(admin.TabularInline):
    model = OrganizationContact
    extra = 0


@admin.register(Organization)
class OrganizationAdmin(AuditedAdmin):
    form = OrganizationAdminForm
    list_display = ("name", "org_type", "uscc", "division", "is_active")
    list_filter = ("org_type", "is_active")
    search_fields = ("name", "uscc", "registration_number")
    autocomplete_fields = ("division",)
    readonly_fields = ("public_id", "created_at", "updated_at")
    inlines = [AnnualInspectionInline, EvaluationGradeInline, OrganizationContactInline]


# --- people -------------------------------------------------------------------------------------------------------


class RoleAssignmentInlineForm(forms.ModelForm):
    class Meta:
        model = RoleAssignment
        fields = ("role", "division", "organization", "is_active")

    def clean(self):
        data = super().clean() or {}
        role = data.get("role")
        problem = role_scope_problem(role, data.get("division"), data.get("organization")) if role else None
        if problem is not None:
            self.add_error(problem.field if problem.field in self.fields else None, problem.message)
        return data


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    form = RoleAssignmentInlineForm
    extra = 1
    autocomplete_fields = ("division", "organization")
    verbose_name = _("role")
    verbose_name_plural = _("roles and their scopes")


# The request of the back office's "change password" page, for its form (which Django builds without it).
_password_request: ContextVar[Any] = ContextVar("huimin_admin_password_request", default=None)


class AuditedPasswordChangeForm(AdminPasswordChangeForm):
    """The back office's "change password" goes through core's service: audited, and every API token of the
    account is revoked, as when its owner changes the password."""

    def _acting(self) -> Actor:
        request = _password_request.get()
        return admin_actor(request) if request is not None else Actor.anonymous()

    def clean(self):
        data = super().clean()
        if not can_manage_people(self._acting()):
            raise ValidationError(gettext("Only the district administrator may set someone's password."))
        return data

    def save(self, commit=True):
        from .services import user_set_password

        actor = self._acting()
        usable = self.cleaned_data.get("usable_password", "true") != "false"
        password = self.cleaned_data.get("password1") if usable else None
        # The form has validated the password already.
        user_set_password(user=self.user, new_password=password, actor=actor, validate=False)
        return self.user


@admin.register(User)
class UserAdmin(AuditedAdmin, DjangoUserAdmin):
    inlines = [RoleAssignmentInline]
    change_password_form = AuditedPasswordChangeForm
    list_display = ("username", "full_name", "email", "is_active", "is_staff")
    list_filter = ("is_active", "is_staff", "is_superuser", "role_assignments__role")
    search_fields = ("username", "full_name", "email", "phone")
    readonly_fields = ("last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("full_name", "phone", "email")}),
        (_("Access"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("username", "full_name", "password1", "password2")}),)
    actions = ["unlock_accounts"]

    def user_change_password(self, request, id, form_url=""):
        token = _password_request.set(request)
        try:
            return super().user_change_password(request, id, form_url)
        finally:
            _password_request.reset(token)

    @admin.action(description=_("Lift the sign-in refusals of the selected accounts"))
    def unlock_accounts(self, request, queryset):
        from .services.signin import sign_in_throttles_clear

        actor = admin_actor(request)
        count = 0
        try:
            with transaction.atomic():
                for user in queryset:
                    count += 1 if sign_in_throttles_clear(user=user, actor=actor) else 0
        except PermissionDenied as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return
        self.message_user(request, gettext("%(n)d account(s) unlocked.") % {"n": count}, messages.SUCCESS)


@admin.register(LoginThrottle)
class LoginThrottleAdmin(ReadOnlyAdmin):
    """Failed sign-ins per (user name, client): read only; lift refusals with the users' "unlock" action."""

    list_display = ("username_key", "client", "failures", "locked_until", "last_attempt_at")
    search_fields = ("username_key", "client")


@admin.register(SmsSend)
class SmsSendAdmin(ReadOnlyAdmin):
    """Requests for one-time codes, sent or refused (numbers and sessions only as digests): read only."""

    list_display = ("created_at", "client", "outcome")
    list_filter = ("outcome",)
    search_fields = ("client",)


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(AuditedAdmin):
    form = RoleAssignmentInlineForm
    list_display = ("user", "role", "division", "organization", "is_active", "created_at")
    list_filter = ("role", "is_active")
    search_fields = ("user__username", "user__full_name", "division__name", "organization__name")
    autocomplete_fields = ("division", "organization")
    list_select_related = ("user", "division", "organization")
    fields = ("user", "role", "division", "organization", "is_active")
    raw_id_fields = ("user",)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are created by their owners on the tokens page (the raw token is shown once); here they are revoked."""

    list_display = ("name", "user", "prefix", "created_at", "expires_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("name", "user__username", "prefix")
    actions = ["revoke_tokens"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke_tokens(self, request, queryset):
        from .services import api_token_revoke

        actor = admin_actor(request)
        try:
            for token in queryset.filter(revoked_at__isnull=True):
                api_token_revoke(token=token, actor=actor)
        except PermissionDenied as exc:
            self.message_user(request, str(exc), messages.ERROR)


# --- working-day calendar -----------------------------------------------------------------------------------------


class CalendarReadOnlyAdmin(admin.ModelAdmin):
    """Calendar days are edited on the working-day calendar page, which records who changed what."""

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(CalendarDay)
class CalendarDayAdmin(CalendarReadOnlyAdmin):
    list_display = ("date", "kind", "name", "source")
    list_filter = ("kind", "source")
    date_hierarchy = "date"
    search_fields = ("name",)


@admin.register(CalendarYear)
class CalendarYearAdmin(CalendarReadOnlyAdmin):
    list_display = ("year", "source", "confirmed_by")
