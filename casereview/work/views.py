from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from casereview.partnerships.models import Partnership
from casereview.work import queries
from casereview.work.counts import keep_count


@never_cache
def your_work(request: HttpRequest) -> HttpResponse:
    """The landing page after sign-in: what is this person's to do, for which case, by when."""
    kinds = queries.kinds_for(request.user)
    kind = request.GET.get("kind") if request.GET.get("kind") in dict(kinds) else None
    sections = queries.work_for(request.user, timezone.localdate(), kind)
    if kind is None:
        # The navigation shows the same count as the page, not a minute-old one.
        request.user._work_count = sum(s.total for s in sections)
        keep_count(request.user.pk, request.user._work_count)
    return render(request, "work/home.html", {"sections": sections, "links": queries.places_for(request.user),
                                              "kinds": kinds, "kind": kind})


def partnership_home(request: HttpRequest, slug: str) -> HttpResponse:
    """The partnership's own pages, as far as this person's roles open them."""
    partnership = get_object_or_404(Partnership, slug=slug)
    pages = queries.partnership_pages(request.user, partnership.pk, partnership.slug)
    if not pages:
        raise PermissionDenied
    others = [p for p in queries.hub_partnerships(request.user) if p.pk != partnership.pk]
    return render(request, "work/partnership.html", {"partnership": partnership, "pages": pages, "others": others})
