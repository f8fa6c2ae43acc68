"""Meeting pages: the list, planning, the attendees and invitations, the agenda and its papers,
recording who attended, the minutes and decisions (which can move a case on through the lifecycle),
and actions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from casereview.audit.models import Action
from casereview.audit.services import audit_record
from casereview.casefiles import queries as casefile_queries
from casereview.cases import frameworks, lifecycle
from casereview.cases.models import Case
from casereview.govuk.forms_bridge import apply_validation_error
from casereview.govuk.params import int_or_none
from casereview.meetings import invitations, queries, services
from casereview.meetings.forms import (
    NO_MOVE,
    ActionForm,
    AttendanceForm,
    AttendeeForm,
    ItemForm,
    MeetingForm,
    MinutesForm,
    NotesForm,
    PapersForm,
    WhenForm,
)
from casereview.meetings.models import AgendaItem, Meeting, MeetingAction, MeetingState
from casereview.meetings.rules import does_action, readable_items, reads_papers, runs_meetings, sees_meeting
from casereview.partnerships.access import partnerships_where
from casereview.partnerships.models import Partnership


def _meeting(request: HttpRequest, pk: int, *, run: bool = False) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("partnership", "chair"), pk=pk)
    allowed = runs_meetings(request.user, meeting.partnership_id) if run else sees_meeting(request.user, meeting)
    if not allowed:
        raise PermissionDenied
    return meeting


def _item(meeting: Meeting, pk: int) -> AgendaItem:
    return get_object_or_404(AgendaItem.objects.select_related("case", "meeting"), pk=pk, meeting=meeting)


def _refused(request: HttpRequest, error: ValidationError, meeting: Meeting) -> HttpResponse:
    messages.error(request, " ".join(error.messages))
    return redirect("meetings:detail", meeting.pk)


@never_cache
def meeting_list(request: HttpRequest) -> HttpResponse:
    mine = queries.meetings_for(request.user)
    running = partnerships_where(request.user, "manage_case_lifecycle")
    actions = list(queries.open_actions_of(request.user))
    if not running and not actions and not mine.exists():
        raise PermissionDenied
    now = timezone.now()
    return render(request, "meetings/list.html", {
        "upcoming": list(queries.upcoming(mine)),
        "write_up": list(queries.to_write_up([p.pk for p in running])),
        "past": list(mine.filter(starts_at__lt=now).exclude(state=MeetingState.PLANNED).order_by("-starts_at")[:30]),
        "running": running, "actions": actions, "today": timezone.localdate()})


@never_cache
@require_http_methods(["GET", "POST"])
def meeting_new(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_object_or_404(Partnership, slug=slug)
    if not runs_meetings(request.user, partnership.pk):
        raise PermissionDenied
    form = MeetingForm(request.POST or None, people=queries.people_of(partnership.pk),
                       initial={"kind": request.GET.get("kind", "")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.meeting_create(
                partnership=partnership, by=request.user, kind=data["kind"], starts_at=form.starts_at(),
                duration_minutes=data["duration_minutes"], location=data["location"], chair=data["chair"])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"The {meeting.get_kind_display().lower()} is planned. Next, add the people "
                                      "to invite and the cases to discuss.")
            return redirect("meetings:detail", meeting.pk)
    return render(request, "meetings/new.html", {"partnership": partnership, "form": form})


@never_cache
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    runs = runs_meetings(request.user, meeting.partnership_id)
    items = queries.items_of(meeting)
    attendees = list(meeting.attendees.select_related("person"))
    return render(request, "meetings/detail.html", {
        "meeting": meeting, "runs": runs, "items": items, "attendees": attendees,
        "readable": readable_items(request.user, meeting, items),
        "uninvited": sum(1 for a in attendees if a.invited_sequence < meeting.sequence),
        "actions": list(meeting.actions.select_related("owner", "item")),
        "started": timezone.localdate(meeting.starts_at) <= timezone.localdate(),
        "mine": queries.attendee_of(meeting, request.user), "when": invitations.when(meeting),
        "today": timezone.localdate()})


@never_cache
@require_http_methods(["GET", "POST"])
def meeting_change(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, run=True)
    local = timezone.localtime(meeting.starts_at)
    form = WhenForm(request.POST or None, people=queries.people_of(meeting.partnership_id), initial={
        "day": local.date(), "time": f"{local:%H:%M}", "duration_minutes": meeting.duration_minutes,
        "location": meeting.location, "chair": meeting.chair_id})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.meeting_change(meeting=meeting, by=request.user, starts_at=form.starts_at(),
                                    duration_minutes=data["duration_minutes"], location=data["location"],
                                    chair=data["chair"], expected_version=int_or_none(request.POST.get("lock_version")))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The meeting has been changed. Everyone already invited is sent the new time "
                                      "and place.")
            return redirect("meetings:detail", meeting.pk)
    return render(request, "meetings/change.html", {"meeting": meeting, "form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def attendees(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, run=True)
    people = queries.people_of(meeting.partnership_id).exclude(meeting_places__meeting=meeting)
    form = AttendeeForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        try:
            attendee = services.attendee_add(meeting=meeting, by=request.user, person=form.cleaned_data["person"])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"{attendee.person.full_name} has been added. Send the invitations when the "
                                      "list is complete.")
            return redirect("meetings:attendees", meeting.pk)
    return render(request, "meetings/attendees.html", {
        "meeting": meeting, "form": form, "attendees": list(meeting.attendees.select_related("person"))})


@require_POST
def attendee_remove(request: HttpRequest, pk: int, attendee: int) -> HttpResponse:
    meeting = _meeting(request, pk, run=True)
    try:
        services.attendee_remove(meeting=meeting, by=request.user, attendee_id=attendee)
    except ValidationError as error:
        return _refused(request, error, meeting)
    messages.success(request, "They have been taken off the list and can no longer see the meeting or its papers")
    return redirect("meetings:attendees", meeting.pk)


@require_POST
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, run=True)
    try:
        count = services.invitations_send(meeting=meeting, by=request.user)
    except ValidationError as error:
        return _refused(request, error, meeting)
    if count:
        messages.success(request, f"Invitations are on their way to {count} {'person' if count == 1 else 'people'}, "
                                  "each with a calendar file")
    else:
        messages.info(request, "Everyone on the list already has the current invitation")
    return redirect("meetings:detail", meeting.pk)


def calendar(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    response = HttpResponse(invitations.calendar_file(meeting, request.user.email),
                            content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="meeting.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- The agenda ---------------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def item_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, run=True)
    cases = queries.agenda_cases(meeting)
    form = ItemForm(request.POST or None, cases=cases, initial={"case": request.GET.get("case")})
    if request.method == "POST" and form.is_valid():
        try:
            item = services.item_add(meeting=meeting, by=request.user, case=form.cleaned_data["case"],
                                     title=form.cleaned_data["title"], papers=[])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            if item.case_id and queries.paper_choices(item.case).exists():
                messages.success(request, "The item is on the agenda. Now choose its papers.")
                return redirect("meetings:item", meeting.pk, item.pk)
            messages.success(request, "The item is on the agenda")
            return redirect("meetings:detail", meeting.pk)
    return render(request, "meetings/item_add.html", {"meeting": meeting, "form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def item_change(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    meeting = _meeting(request, pk, run=True)
    item = _item(meeting, item)
    form = PapersForm(request.POST or None, documents=queries.paper_choices(item.case),
                      initial={"title": item.title, "papers": list(item.papers.values_list("pk", flat=True))})
    if request.method == "POST" and form.is_valid():
        try:
            services.item_papers_set(item=item, by=request.user, title=form.cleaned_data["title"],
                                     papers=list(form.cleaned_data["papers"]),
                                     expected_version=int_or_none(request.POST.get("lock_version")))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The agenda item has been saved")
            return redirect("meetings:detail", meeting.pk)
    return render(request, "meetings/item.html", {"meeting": meeting, "item": item, "form": form})


@require_POST
def item_remove(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    meeting = _meeting(request, pk, run=True)
    try:
        services.item_remove(item=_item(meeting, item), by=request.user)
    except ValidationError as error:
        return _refused(request, error, meeting)
    messages.success(request, "The item has been taken off the agenda")
    return redirect("meetings:detail", meeting.pk)


def paper(request: HttpRequest, pk: int, item: int, document: int) -> FileResponse:
    """A paper's latest version that passed its scan, for the people the agenda lets read it."""
    meeting = _meeting(request, pk)
    item = _item(meeting, item)
    if not reads_papers(request.user, item):
        raise PermissionDenied
    doc = get_object_or_404(item.papers.all(), pk=document)
    version = casefile_queries.latest_ready(doc)
    if version is None:
        raise Http404
    audit_record(action=Action.EXPORT, actor=request.user, target=doc, case=item.case,
                 partnership_id=meeting.partnership_id, code="meetings.paper_read",
                 params={"kind": meeting.kind, "meeting_on": timezone.localdate(meeting.starts_at).isoformat(),
                         "title": doc.title})
    response = FileResponse(version.file.open("rb"), as_attachment=True, content_type=version.content_type,
                            filename=version.download_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- The meeting held ------------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, run=True)
    people = list(meeting.attendees.select_related("person"))
    form = AttendanceForm(request.POST if request.method == "POST" else None, attendees=people)
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_record(meeting=meeting, by=request.user, attendance=form.attendance())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Attendance has been recorded. Now write the minutes of each item.")
            return redirect("meetings:detail", meeting.pk)
    return render(request, "meetings/attendance.html", {"meeting": meeting, "form": form})


def _steps(request: HttpRequest, item: AgendaItem) -> list:
    if item.case is None:
        return []
    return [t for t in lifecycle.available_transitions(item.case, request.user)
            if t.name not in ("hold_place", "hold_lift", "withdraw")]


@never_cache
@require_http_methods(["GET", "POST"])
def minutes(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    meeting = _meeting(request, pk, run=True)
    item = _item(meeting, item)
    steps = _steps(request, item)
    form = MinutesForm(request.POST or None, steps=steps, initial={"minutes": item.minutes, "decision": item.decision})
    if request.method == "POST" and form.is_valid():
        try:
            services.item_minutes_record(item=item, by=request.user, minutes=form.cleaned_data["minutes"],
                                         decision=form.cleaned_data["decision"],
                                         expected_version=int_or_none(request.POST.get("lock_version")))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            move = form.cleaned_data.get("move") or NO_MOVE
            if move != NO_MOVE:
                messages.success(request, "The minutes have been saved. Now complete the step the decision takes.")
                return redirect("meetings:item-step", meeting.pk, item.pk, move)
            messages.success(request, "The minutes have been saved")
            return redirect("meetings:detail", meeting.pk)
    return render(request, "meetings/minutes.html", {"meeting": meeting, "item": item, "form": form})


# The fields of each step that the meeting's own date fills in, and the field its note goes in.
_MEETING_DATE_FIELDS = ("meeting_on", "decided_on", "partners_agreed_on", "screened_on", "sent_on")


@never_cache
@require_http_methods(["GET", "POST"])
def item_step(request: HttpRequest, pk: int, item: int, name: str) -> HttpResponse:
    meeting = _meeting(request, pk, run=True)
    item = _item(meeting, item)
    case: Case = item.case
    if case is None:
        raise Http404
    transition = frameworks.of(case).transitions.get(name)
    if transition is None or transition not in _steps(request, item):
        messages.error(request, lifecycle.refusal_reason(case, transition) if transition else
                       "That step cannot be taken from this meeting")
        return redirect("meetings:detail", meeting.pk)
    day = timezone.localdate(meeting.starts_at)
    form = transition.form(request.POST or None, case=case)
    if not form.is_bound:
        # The meeting's day for the dates the meeting settled, where the case has none yet (a form
        # may already fill in what the case holds), and the decision as the step's note.
        form.initial = {**form.initial, **{name: day for name in _MEETING_DATE_FIELDS
                                           if name in form.fields and form.initial.get(name) is None}}
        if transition.note_field:
            form.initial[transition.note_field] = item.decision
    if request.method == "POST" and form.is_valid():
        try:
            services.item_case_move(item=item, by=request.user, name=name, data=form.cleaned_data,
                                    expected_version=int_or_none(request.POST.get("lock_version")))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"{transition.label}: done. The minutes record that this decision moved "
                                      f"{case.reference} on.")
            return redirect("meetings:detail", meeting.pk)
    return render(request, "meetings/item_step.html", {"meeting": meeting, "item": item, "case": case, "form": form,
                                                       "transition": transition})


@never_cache
@require_http_methods(["GET", "POST"])
def notes(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, run=True)
    form = NotesForm(request.POST or None, initial={"notes": meeting.notes})
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_notes_record(meeting=meeting, by=request.user, notes=form.cleaned_data["notes"],
                                          expected_version=int_or_none(request.POST.get("lock_version")))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The general minutes have been saved")
            return redirect("meetings:detail", meeting.pk)
    return render(request, "meetings/notes.html", {"meeting": meeting, "form": form})


@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, run=True)
    try:
        services.meeting_close(meeting=meeting, by=request.user)
    except ValidationError as error:
        return _refused(request, error, meeting)
    messages.success(request, "The minutes are agreed. Attendees can no longer read the papers.")
    return redirect("meetings:detail", meeting.pk)


@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, run=True)
    try:
        services.meeting_cancel(meeting=meeting, by=request.user)
    except ValidationError as error:
        return _refused(request, error, meeting)
    messages.success(request, "The meeting is cancelled. Everyone invited is sent a cancellation for their calendar.")
    return redirect("meetings:detail", meeting.pk)


# --- Actions ---------------------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, run=True)
    form = ActionForm(request.POST or None, people=queries.people_of(meeting.partnership_id),
                      items=meeting.items.all(), initial={"item": request.GET.get("item")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.action_add(meeting=meeting, by=request.user, description=data["description"],
                                owner=data["owner"], due_on=data["due_on"], item=data["item"])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"The action is recorded for {data['owner'].full_name}")
            return redirect("meetings:detail", meeting.pk)
    return render(request, "meetings/action.html", {"meeting": meeting, "form": form})


@require_POST
def action_done(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(MeetingAction.objects.select_related("meeting"), pk=pk)
    if not does_action(request.user, action):
        raise PermissionDenied
    services.action_done(action=action, by=request.user)
    messages.success(request, "The action is marked done")
    if request.POST.get("next") == "list":
        return redirect("meetings:list")
    return redirect("meetings:detail", action.meeting_id)


@never_cache
def case_meetings(request: HttpRequest, reference: str) -> HttpResponse:
    """Where a case was discussed, for the people who run its meetings."""
    case = get_object_or_404(Case.objects.select_related("partnership"), reference=reference)
    if not (request.user.has_perm("cases.view_case", case) and runs_meetings(request.user, case.partnership_id)):
        raise PermissionDenied
    return render(request, "meetings/case.html", {"case": case, "items": list(queries.case_items(case))})
