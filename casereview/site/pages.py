"""The list of every public page: it drives the index of all pages and sitemap.xml, so the two
never disagree. The sign-in pages are for staff and are not listed."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from casereview.learning.models import Briefing
from casereview.library.models import LibraryDocument, Origin, Theme
from casereview.partnerships.models import Partnership


@dataclass(frozen=True)
class Page:
    group: str
    title: str
    path: str


def public_pages() -> list[Page]:
    from casereview.site.views import _latest_editions

    pages = [
        Page("About this service", "Learning from serious child safeguarding incidents", reverse("site:home")),
        Page("About this service", "How case reviews work", reverse("site:how-reviews-work")),
        Page("About this service", "Index of all pages", reverse("site:index")),
        Page("About this service", "Accessibility statement", reverse("site:accessibility")),
        Page("About this service", "Privacy notice", reverse("site:privacy")),
        Page("About this service", "Cookies", reverse("site:cookies")),
        Page("Library", "Library: search reviews, briefings and National Panel reports", reverse("library:search")),
        Page("Library", "Themes", reverse("library:themes")),
        Page("Library", "Patterns across reviews", reverse("library:patterns")),
    ]
    pages += [Page("How case reviews work", f"How case reviews work in {p.short_name}",
                   reverse("site:how-reviews-work-partnership", args=[p.slug]))
              for p in Partnership.objects.exclude(slug__startswith="synthetic-").order_by("name")]
    pages += [Page("Themes", t.label, reverse("library:theme", args=[t.slug]))
              for t in Theme.objects.order_by("label").only("label", "slug")]
    for document in LibraryDocument.objects.filter(is_listed=True).only("title", "slug", "origin").order_by("title"):
        group = "National Panel reports" if document.origin == Origin.NATIONAL_PANEL else "Library documents"
        pages.append(Page(group, document.title, reverse("library:document", args=[document.slug])))
    pages += [Page("Published case reviews and briefings", r.title, reverse("site:library-report", args=[r.slug]))
              for r in _latest_editions()]
    pages += [Page("Published case reviews and briefings", b.title, reverse("site:library-briefing", args=[b.slug]))
              for b in Briefing.objects.filter(status=Briefing.Status.PUBLISHED).only("title", "slug")
              .order_by("title")]
    return pages
