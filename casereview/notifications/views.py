from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from casereview.notifications.forms import NotificationFilterForm
from casereview.notifications.queries import notifications_grouped
from casereview.notifications.services import notifications_mark_read


def notification_list(request: HttpRequest) -> HttpResponse:
    form = NotificationFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    grouped = notifications_grouped(request.user, kind=filters.get("kind", ""), case=filters.get("case", ""),
                                    unread_only=bool(filters.get("unread")))
    return render(request, "notifications/list.html", {"form": form, **grouped,
                                                       "query": request.GET.urlencode()})


@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    """Marks everything read, or only one group's notifications (their ids come from the page)."""
    ids = [int(i) for i in request.POST.getlist("id") if i.isdigit()] or None
    count = notifications_mark_read(user=request.user, ids=ids)
    messages.success(request, f"{count} {'notification' if count == 1 else 'notifications'} marked as read")
    back = request.POST.get("back", "")
    return redirect(back if back.startswith(reverse("notifications:list")) else "notifications:list")
