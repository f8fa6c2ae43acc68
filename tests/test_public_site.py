"""The public site: crawled from the home page, every page has Exit this page and is in both the
index of all pages and sitemap.xml, which come from one list."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse

from casereview.site.pages import public_pages

# Staff pages are reached from the public site but are not public information pages.
STAFF = ("/sign-in/",)


def _crawl(client: Client) -> dict[str, BeautifulSoup]:
    seen: dict[str, BeautifulSoup] = {}
    queue = ["/"]
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        if "text/html" not in response["Content-Type"]:
            continue
        soup = BeautifulSoup(response.content, "html.parser")
        seen[path] = soup
        for anchor in soup.select("a[href]"):
            parts = urlsplit(anchor["href"])
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue  # another site
            if parts.path.startswith(("/static/", *STAFF)) or parts.path.endswith(".pdf"):
                continue
            queue.append(parts.path)
    return seen


def test_every_crawled_public_page_has_exit_this_page_and_is_indexed(client, world):
    from datetime import date

    from casereview.reports.models import PublishedReport, ReportVersion

    version = ReportVersion.objects.create(case=world.case, number=1, sections=[], author=world.people["bu_manager"])
    PublishedReport.objects.create(case=world.case, version=version, slug="testshire-child-a", title="Child A review",
                                   partnership_name="Testshire", form="full", html="<p>Report.</p>", pdf=b"%PDF",
                                   published_on=date(2026, 1, 1), review_on=date(2027, 1, 1),
                                   published_by=world.people["bu_manager"])
    pages = _crawl(client)
    assert len(pages) >= 10
    indexed = {page.path for page in public_pages()}
    index_page = BeautifulSoup(client.get("/index-of-all-pages/").content, "html.parser")
    index_links = {a["href"] for a in index_page.select("main a[href]")}
    sitemap = client.get("/sitemap.xml").content.decode()
    sitemap_paths = {urlsplit(loc).path for loc in re.findall(r"<loc>(.*?)</loc>", sitemap)}
    for path, soup in pages.items():
        assert soup.select_one('[data-module="govuk-exit-this-page"]'), f"{path} has no Exit this page"
        assert soup.select_one('footer a[href="/index-of-all-pages/"]'), f"{path} has no link to the index"
        assert path in indexed and path in index_links and path in sitemap_paths, f"{path} is not in the index"
    assert "/library/testshire-child-a/" in pages
    assert "/how-case-reviews-work/testshire/" in pages


def test_how_case_reviews_work_is_written_from_the_process_pack(client, world):
    from casereview.process import services
    from casereview.process.models import ClockRule

    rule = ClockRule.objects.current().get(partnership=world.partnership, key="rapid_review")
    services.clock_rule_change(rule=rule, by=world.people["bu_manager"], reason="Local pilot", offset=12)
    page = client.get("/how-case-reviews-work/testshire/").content.decode()
    assert "12 working days after the notification to the National Panel" in page
    assert "Multi-agency reflective learning review (MARL)" in page
    assert client.get("/how-case-reviews-work/synthetic-1/").status_code == 404


def test_robots_points_at_the_sitemap_and_keeps_crawlers_out_of_staff_pages(client):
    body = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://localhost:8000/sitemap.xml" in body and "Disallow: /cases/" in body


@pytest.mark.django_db
def test_public_pages_may_be_kept_by_a_proxy_and_staff_pages_may_not(client, world):
    from tests.factories import sign_in

    for url in ("/", "/accessibility/", "/index-of-all-pages/"):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Cache-Control"] == "public, max-age=300", url
        assert "Cookie" in response["Vary"]
    assert client.get("/healthz/live")["Cache-Control"].startswith("max-age=0")  # never cached
    sign_in(client, world.people["bu_manager"])
    assert "no-store" in client.get("/")["Cache-Control"]
    assert "no-store" in client.get(reverse("work:home"))["Cache-Control"]
