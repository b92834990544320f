"""Sign-in (throttled per user name and client: core.services.signin), sign-out and password change."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView, LogoutView
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from ..forms import LoginForm, PasswordChangeForm
from ..services import ServiceError, user_change_password
from ._common import refuse_service_denials, show_service_error


class SignInView(LoginView):
    template_name = "registration/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class SignOutView(LogoutView):
    http_method_names = ["post", "options"]

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("You have signed out."))
        return response


@sensitive_post_parameters()
@login_required
@require_http_methods(["GET", "POST"])
@refuse_service_denials
def password_change(request):
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            revoked = user_change_password(
                user=request.user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password1"],
                actor=request.actor,
            )
        except ServiceError as exc:
            show_service_error(form, exc, {"new_password": "new_password1"})  # nosec B105 - field names
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, _("Your password has been changed."))
            if revoked:
                messages.info(
                    request,
                    ngettext(
                        "Your API token has been revoked with the old password; create a new one if a program needs "
                        "it.",
                        "Your %(count)d API tokens have been revoked with the old password; create new ones if "
                        "programs need them.",
                        revoked,
                    )
                    % {"count": revoked},
                )
            return redirect("core:home")
    return render(request, "registration/password_change.html", {"form": form})
