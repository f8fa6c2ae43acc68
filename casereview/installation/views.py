"""The installation administrator's pages: national bank holidays, closing accounts everywhere,
and the way to the shared library records and theme vocabulary. Every change here is audited
where every partnership's audit log shows it."""

from datetime import date

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from casereview.accounts.models import User
from casereview.accounts.sudo import sudo_redirect
from casereview.govuk.forms_bridge import apply_validation_error
from casereview.govuk.params import year_or_this
from casereview.partnerships.access import has_site_capability
from casereview.partnerships.services import account_close
from casereview.process import services as process_services
from casereview.process.forms import NonWorkingDayForm
from casereview.process.models import NonWorkingDay


def _require(request: HttpRequest, capability: str) -> None:
    if not has_site_capability(request.user, capability):
        raise PermissionDenied


def home(request: HttpRequest) -> HttpResponse:
    if not any(has_site_capability(request.user, c) for c in
               ("manage_national_calendar", "manage_national_library", "manage_themes", "close_accounts")):
        raise PermissionDenied
    return render(request, "installation/home.html", {})


@require_http_methods(["GET", "POST"])
def bank_holidays(request: HttpRequest) -> HttpResponse:
    _require(request, "manage_national_calendar")
    year = year_or_this(request.GET.get("year"))
    form = NonWorkingDayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            entry = process_services.non_working_day_add(
                partnership=None, by=request.user, day=form.cleaned_data["day"],
                name=form.cleaned_data["name"], kind=NonWorkingDay.Kind.BANK_HOLIDAY)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"{entry} has been added for every partnership. Clocks use it from their next "
                                      "change or the daily sweep.")
            return redirect(f"{request.path}?year={entry.date.year}")
    days = NonWorkingDay.objects.filter(partnership__isnull=True, date__gte=date(year, 1, 1),
                                        date__lte=date(year, 12, 31)).order_by("date")
    return render(request, "installation/bank_holidays.html", {"form": form, "days": days, "year": year})


@require_POST
def bank_holiday_remove(request: HttpRequest, day_id: int) -> HttpResponse:
    _require(request, "manage_national_calendar")
    entry = get_object_or_404(NonWorkingDay, pk=day_id, partnership__isnull=True)
    process_services.non_working_day_remove(entry=entry, partnership=None, by=request.user)
    messages.success(request, f"{entry} has been removed for every partnership")
    return redirect(f"{reverse('installation:bank-holidays')}?year={entry.date.year}")


def people(request: HttpRequest) -> HttpResponse:
    _require(request, "close_accounts")
    everyone = User.objects.select_related("agency").order_by("-is_active", "full_name")
    page = Paginator(everyone, 50).get_page(request.GET.get("page"))
    return render(request, "installation/people.html", {"page": page})


class CloseAccountForm(forms.Form):
    reason = forms.CharField(label="Why the account is being closed", max_length=200,
                             help_text="For example, “Left the police force on 30 November”. Shown in every "
                                       "partnership’s audit log.",
                             error_messages={"required": "Say why the account is being closed"})


@require_http_methods(["GET", "POST"])
def close_account(request: HttpRequest, person_id: int) -> HttpResponse:
    _require(request, "close_accounts")
    person = get_object_or_404(User, pk=person_id)
    form = CloseAccountForm(request.POST or None)
    if request.method == "POST":
        if prompt := sudo_redirect(request, request.path):
            return prompt
        if form.is_valid():
            try:
                ended = account_close(person=person, by=request.user, reason=form.cleaned_data["reason"])
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, f"The account has been closed everywhere and {ended} "
                                          f"{'session' if ended == 1 else 'sessions'} ended")
                return redirect("installation:people")
    roles = person.role_assignments.select_related("partnership").order_by("partnership__name", "role")
    return render(request, "installation/close_account.html", {"person": person, "form": form, "roles": roles})
