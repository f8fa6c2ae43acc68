from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from casereview.accounts.decorators import public
from casereview.audit.kept import kept
from casereview.cases import frameworks
from casereview.learning.models import Briefing
from casereview.operations.health import readiness, task_health
from casereview.partnerships.models import EnabledFramework, Partnership
from casereview.reports.models import PublishedReport
from casereview.retention.schedule import schedule_read


@public
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "site/home.html")


@public
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "site/accessibility.html")


@public
def privacy(request: HttpRequest) -> HttpResponse:
    # Each partnership's retention schedule, as its business unit manager set it.
    schedules = [(p, schedule_read(p)) for p in Partnership.objects.order_by("name")]
    return render(request, "site/privacy.html", {"schedules": schedules})


@public
def cookies(request: HttpRequest) -> HttpResponse:
    return render(request, "site/cookies.html", {"session_minutes": settings.SESSION_COOKIE_AGE // 60})


@public
def robots(request: HttpRequest) -> HttpResponse:
    disallowed = ("/cases/", "/partnerships/", "/account/", "/referrals/", "/contributions/", "/reports/",
                  "/learning/", "/process/", "/notifications/", "/calendar/")
    lines = ["User-agent: *", *[f"Disallow: {path}" for path in disallowed], f"Sitemap: {settings.SITE_URL}/sitemap.xml"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def _health(result: dict) -> JsonResponse:
    return JsonResponse(result, status=200 if result["status"] == "ok" else 503)


@public
@never_cache
@require_safe
def healthz_live(request: HttpRequest) -> JsonResponse:
    """The process answers. Touches nothing else, so a slow database never restarts a healthy web server."""
    return JsonResponse({"status": "ok"})


@public
@never_cache
@require_safe
def healthz_ready(request: HttpRequest) -> JsonResponse:
    """For load balancers: 200 when this instance can serve (its database answers in time), 503 otherwise."""

    return _health(readiness())


@public
@never_cache
@require_safe
def healthz_tasks(request: HttpRequest) -> JsonResponse:
    """For monitoring, not load balancing: whether the task worker is alive and keeping up."""

    return _health(task_health())


def _latest_editions():
    """The newest edition of each published report, newest first: corrections replace what is shown."""
    from django.db.models import Max


    latest = PublishedReport.objects.values("slug").annotate(edition=Max("edition"))
    wanted = {(row["slug"], row["edition"]) for row in latest}
    return [p for p in PublishedReport.objects.defer("html").order_by("-published_on")
            if (p.slug, p.edition) in wanted]


@public
def library_briefing(request: HttpRequest, slug: str) -> HttpResponse:

    briefing = Briefing.objects.filter(slug=slug, status=Briefing.Status.PUBLISHED).first()
    if briefing is None:
        raise Http404
    return render(request, "site/library_briefing.html", {"briefing": briefing})


@public
def library_briefing_pdf(request: HttpRequest, slug: str) -> HttpResponse:

    briefing = Briefing.objects.filter(slug=slug, status=Briefing.Status.PUBLISHED).first()
    if briefing is None:
        raise Http404
    response = HttpResponse(bytes(briefing.published_pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{slug}.pdf"'
    return response


@public
def library_report(request: HttpRequest, slug: str) -> HttpResponse:

    editions = list(PublishedReport.objects.filter(slug=slug).order_by("-edition"))
    if not editions:
        raise Http404
    return render(request, "site/library_report.html", {"report": editions[0], "editions": editions})


@public
def library_report_pdf(request: HttpRequest, slug: str) -> HttpResponse:

    report = PublishedReport.objects.filter(slug=slug).order_by("-edition").first()
    if report is None:
        raise Http404
    response = HttpResponse(bytes(report.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{slug}.pdf"'
    return response


@public
def index(request: HttpRequest) -> HttpResponse:
    from casereview.site.pages import public_pages

    groups: dict[str, list] = {}
    for page in public_pages():
        groups.setdefault(page.group, []).append(page)
    return render(request, "site/index.html", {"groups": groups})


@public
def sitemap(request: HttpRequest) -> HttpResponse:
    from xml.sax.saxutils import escape

    from casereview.site.pages import public_pages

    urls = "".join(f"<url><loc>{escape(settings.SITE_URL + page.path)}</loc></url>" for page in public_pages())
    body = ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>\n')
    return HttpResponse(body, content_type="application/xml")


@public
def how_reviews_work(request: HttpRequest) -> HttpResponse:

    partnerships = list(Partnership.objects.exclude(slug__startswith="synthetic-").order_by("name"))
    # The other kinds of review, where any partnership here runs them.
    running = set(EnabledFramework.objects.values_list("key", flat=True))
    others = [f for f in frameworks.registered() if f.key != frameworks.CHILDREN and f.key in running]
    return render(request, "site/how_reviews_work.html", {"partnerships": partnerships, "others": others})


@public
def how_reviews_work_partnership(request: HttpRequest, slug: str) -> HttpResponse:
    """Built from the partnership's own process pack, so what is published and what the service does agree."""
    from casereview.site.process_pack import process_pack

    partnership = _partnership(slug)
    pack = kept("process-pack", (partnership.pk,), lambda: process_pack(partnership))
    return render(request, "site/how_reviews_work_partnership.html", {"pack": pack})


@public
def process_pack_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    from casereview.site import process_pack

    partnership = _partnership(slug)
    # Rendering the PDF takes most of a second; it changes only when the pack does (audited).
    pdf = kept("process-pack-pdf", (partnership.pk,),
               lambda: process_pack.process_pack_pdf(process_pack.process_pack(partnership)))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{partnership.slug}-process-pack.pdf"'
    return response


def _partnership(slug: str):

    partnership = Partnership.objects.filter(slug=slug).exclude(slug__startswith="synthetic-").first()
    if partnership is None:
        raise Http404
    return partnership
