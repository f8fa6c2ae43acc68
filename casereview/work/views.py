from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from casereview.work import queries
from casereview.work.counts import keep_count


@never_cache
def your_work(request: HttpRequest) -> HttpResponse:
    """The landing page after sign-in: what is this person's to do, for which case, by when."""
    sections = queries.work_for(request.user, timezone.localdate())
    # The navigation shows the same count as the page, not a minute-old one.
    request.user._work_count = sum(s.total for s in sections)
    keep_count(request.user.pk, request.user._work_count)
    return render(request, "work/home.html", {"sections": sections, "links": queries.places_for(request.user)})
