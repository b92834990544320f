"""The catalogue of service categories (district administrator): add, rename, reorder, deactivate, reactivate."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from huimin.core.services.errors import ServiceError
from huimin.core.viewkit import deny, not_found, refuse_service_denials, show_service_error

from .. import selectors
from ..forms import CategoryForm
from ..models import NeedCategory
from ..permissions import can_manage_categories
from ..services import need_category_activate, need_category_create, need_category_deactivate, need_category_update


def _require_admin(actor) -> None:
    if not can_manage_categories(actor):
        deny(_("The catalogue of service categories is kept by the district administrator."))


def _category_or_404(code: str) -> NeedCategory:
    try:
        return selectors.category_get(code=code)
    except NeedCategory.DoesNotExist:
        not_found(_("There is no category with the code %(code)s.") % {"code": code})


@login_required
@require_http_methods(["GET", "POST"])
@refuse_service_denials
def category_list(request):
    actor = request.actor
    _require_admin(actor)
    form = CategoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            category = need_category_create(actor=actor, **form.cleaned_data)
        except ServiceError as exc:
            show_service_error(form, exc)
        else:
            messages.success(request, _("The category “%(name)s” has been added.") % {"name": category.name})
            return redirect("needs:categories")
    return render(request, "needs/categories.html", {"form": form, "categories": selectors.categories_with_counts()})


@login_required
@require_http_methods(["GET", "POST"])
@refuse_service_denials
def category_edit(request, code: str):
    actor = request.actor
    _require_admin(actor)
    category = _category_or_404(code)
    form = CategoryForm(
        request.POST or None,
        editing=True,
        initial={"name": category.name, "description": category.description, "position": category.position},
    )
    if request.method == "POST" and form.is_valid():
        try:
            need_category_update(category=category, actor=actor, **form.cleaned_data)
        except ServiceError as exc:
            show_service_error(form, exc)
        else:
            messages.success(request, _("The category has been saved."))
            return redirect("needs:categories")
    return render(request, "needs/category_form.html", {"form": form, "category": category})


@login_required
@require_POST
@refuse_service_denials
def category_toggle(request, code: str):
    actor = request.actor
    _require_admin(actor)
    category = _category_or_404(code)
    if category.is_active:
        need_category_deactivate(category=category, actor=actor)
        messages.success(
            request,
            _("“%(name)s” is no longer offered for new needs; needs that have it keep it.") % {"name": category.name},
        )
    else:
        need_category_activate(category=category, actor=actor)
        messages.success(request, _("“%(name)s” is offered again.") % {"name": category.name})
    return redirect("needs:categories")
