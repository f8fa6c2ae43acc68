"""Nothing identifying and nothing unescaped reaches a published page: findings 2 and 4.

Before the fix a child's name in a briefing's title reached the public page, its PDF and the
PDF's title, the public address and the sitemap; and a redaction's "Replace with" text was put
into the published report as HTML, where a <meta refresh> sent readers to another site."""

from __future__ import annotations

import io
from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from casereview.documents import render
from casereview.learning import services as learning
from casereview.learning.models import Briefing
from casereview.reports import gate, services
from casereview.reports.models import PublishedReport
from tests.reports.conftest import lcspr  # noqa: F401
from tests.reports.test_reports import _ready_to_publish, frozen_today, step  # noqa: F401

CHILD = "Jordan Example"


def _pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(bytes(content)))
    return str((reader.metadata or {}).get("/Title", "")) + "\n" + "".join(p.extract_text() for p in reader.pages)


def _approved_briefing(world, case, title: str) -> Briefing:
    sections = {"background": "A review of practice.", "key_learning": "- Share information.",
                "what_to_do": "- Ask.", "why_it_matters": "x", "questions": "x", "the_case": "x",
                "findings": "x", "practice": "x", "summary": "x", "resources": "x", "key_facts": "x",
                "what_we_found": "x", "what_we_learnt": "x", "reflection": "x"}
    briefing = learning.briefing_save(case=case, by=world.people["bu_officer"], kind="seven_minute", title=title,
                                      sections=sections)
    briefing.sections = {k: "Something to learn." for k, _ in briefing.headings}
    briefing.save()
    return learning.briefing_approve(briefing=briefing, by=world.people["chair"])


def test_a_childs_name_in_a_briefing_title_is_refused_and_nothing_goes_public(client, world):
    from casereview.cases.models import SubjectIdentity

    SubjectIdentity.objects.filter(subject__case=world.case).update(full_name=CHILD)
    briefing = _approved_briefing(world, world.case, f"What {CHILD}'s case teaches us")
    with pytest.raises(ValidationError, match="title contains a name"):
        learning.briefing_publish(briefing=briefing, by=world.people["bu_officer"])
    briefing.refresh_from_db()
    assert briefing.status == "approved" and not briefing.slug and not briefing.published_pdf
    assert "jordan" not in client.get(reverse("site:sitemap")).content.decode().lower()
    assert "jordan" not in client.get(reverse("site:index")).content.decode().lower()
    # A title without the name publishes, and neither the page, the PDF, its metadata nor the address holds it.
    briefing.title = "Information sharing before a baby was harmed"
    briefing.status = "approved"
    briefing.save()
    published = learning.briefing_publish(briefing=briefing, by=world.people["bu_officer"])
    assert "jordan" not in published.slug and "Jordan" not in _pdf_text(published.published_pdf)


def test_a_name_in_a_briefing_section_is_refused(world):
    from casereview.cases.models import SubjectIdentity

    SubjectIdentity.objects.filter(subject__case=world.case).update(full_name=CHILD)
    briefing = _approved_briefing(world, world.case, "Learning about information sharing")
    briefing.sections = {**briefing.sections, "background": "Jordan lived with his mother."}
    briefing.save()
    with pytest.raises(ValidationError, match="contains a name"):
        learning.briefing_publish(briefing=briefing, by=world.people["bu_officer"])


_GATED = (models.CharField, models.TextField, models.JSONField, models.BinaryField)


@pytest.mark.parametrize("model", [PublishedReport, Briefing])
def test_the_gate_reads_every_text_field_of_what_is_published(world, model):
    """Walks the published models' fields: a field added later is checked without anyone listing it."""
    from casereview.cases.models import SubjectIdentity

    SubjectIdentity.objects.filter(subject__case=world.case).update(full_name=CHILD)
    known = services.known_details(world.case)
    fields = [f for f in model._meta.concrete_fields if isinstance(f, _GATED) and not f.primary_key]
    assert fields
    for field in fields:
        instance = model(case=world.case)
        if isinstance(field, models.BinaryField):
            value = render.to_pdf(render.Document(title=f"About {CHILD}", partnership="Testshire"))
        elif isinstance(field, models.JSONField):
            value = {"background": f"About {CHILD}"}
        elif isinstance(field, models.SlugField):
            value = "testshire-jordan-example"
        else:
            value = f"About {CHILD}"
        setattr(instance, field.attname, value)
        found = gate.leaks(instance, known)
        assert [leak.field for leak in found if leak.finding.kind == "name"], f"{model.__name__}.{field.name}"


def test_a_pseudonym_that_holds_a_recorded_name_protects_nothing(world):
    from casereview.cases.models import SubjectIdentity

    SubjectIdentity.objects.filter(subject__case=world.case).update(full_name=CHILD)
    world.case.pseudonym = "Jordan (2026)"
    world.case.save()
    assert services.known_details(world.case).pseudonyms == ()


HOSTILE = '<meta http-equiv="refresh" content="0;url=https://evil.test/">'


def test_every_text_a_person_types_is_escaped_on_the_published_page_and_in_the_pdf(client, world, lcspr):  # noqa: F811
    """Route name, section titles, redaction replacements and the correction note all hold HTML."""
    route = lcspr.route
    route.name = "<b>LCSPR</b>"
    route.save()
    services.template_save(partnership=world.partnership, route_kind="lcspr", by=world.people["bu_manager"],
                           text="<i>Introduction</i>\nAnalysis\nChild")
    case, version = _ready_to_publish(world, lcspr)
    for _, finding in services.findings_for(case, version):
        services.redaction_decide(case=case, by=world.people["lead_reviewer"], key=finding.key, kind=finding.kind,
                                  example=finding.text, action="replace", replacement=HOSTILE)
    case = step(case, "advance", world.people["bu_officer"], notice_sent_on=date(2026, 5, 26))
    with time_machine.travel(date(2026, 6, 8), tick=False):
        publication = services.publish(case=case, by=world.people["bu_officer"], published_on=date(2026, 6, 8),
                                       site_url="https://x.test")
        correction = services.correction_publish(publication=PublishedReport.objects.get(pk=publication.pk),
                                                 by=world.people["bu_officer"], note="<script>alert(1)</script>")
    for html in (publication.html, correction.html):
        assert "<meta" not in html and "<b>" not in html and "<i>" not in html and "<script" not in html
        assert "&lt;meta http-equiv=" in html
    page = client.get(reverse("site:library-report", args=[publication.slug])).content.decode()
    assert '<meta http-equiv' not in page and "&lt;meta http-equiv=" in page
    assert "<b>LCSPR</b>" not in page and "&lt;b&gt;LCSPR&lt;/b&gt;" in page
    text = _pdf_text(publication.pdf)
    assert 'http-equiv="refresh"' in text.replace("\n", "")  # shown as the words typed, not obeyed
    assert "<b>LCSPR</b>" in text
