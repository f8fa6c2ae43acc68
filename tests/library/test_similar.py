"""Reviews like this one: closest documents by meaning, on document pages and case findings pages."""

from __future__ import annotations

from bs4 import BeautifulSoup
from django.urls import reverse

from casereview.library import similar
from casereview.library.models import LibraryDocument
from casereview.library.services import document_update
from tests.factories import sign_in
from tests.library.helpers import add_document

BRUISING = ["A four-month-old baby had a small bruise on the cheek. He could not yet roll or crawl.",
            "The health visitor accepted that a sibling caused the mark and did not refer for a paediatric opinion."]
BRUISING_TOO = ["The infant, not yet mobile, was seen with bruising to the ear at a clinic appointment.",
                "Local guidance on bruises in babies who cannot move independently was not followed."]
SCHOOL = ["The boy stopped attending school in year nine and was home educated after a dispute.",
          "No professional saw him for eighteen months while he was out of education."]


def _read(world, title: str, pages: list[str]) -> LibraryDocument:
    """A listed document with its pages written and its vector worked out, as reading a file
    leaves it (the file itself is tested elsewhere; rendering and reading PDFs here only costs time)."""
    from casereview.library import services
    from casereview.library.similar import vector_refresh

    document = LibraryDocument.objects.create(
        slug=title.lower().replace(" ", "-").replace(":", ""), title=title, publisher="Another partnership",
        kind="local_review", origin="other_partnership", partnership=world.partnership, published_year=2024,
        summary="A review from another partnership.", is_listed=True, extraction="done")
    services._write_card(document)
    services._write_pages(document, pages)
    document.save(update_fields=["page_count"])
    vector_refresh(document)
    document.refresh_from_db()
    return document


def _three(world):
    return (_read(world, "Baby A: a bruise on the cheek", BRUISING),
            _read(world, "Infant B: bruising at clinic", BRUISING_TOO),
            _read(world, "Boy C: out of school", SCHOOL))


def test_reading_a_file_works_out_its_vector(world):
    document = add_document(world.partnership, world.people["bu_manager"], title="Baby A", pages=BRUISING)
    assert document.vector is not None and len(bytes(document.vector)) == 1024


def test_the_closest_document_in_meaning_comes_first(world):
    baby, infant, boy = _three(world)
    found = similar.like_document(baby, count=10)
    assert baby not in found
    assert found.index(infant) < found.index(boy)


def test_only_listed_documents_are_offered(world):
    baby, infant, _boy = _three(world)
    LibraryDocument.objects.filter(pk=infant.pk).update(is_listed=False)
    from casereview.audit.models import Action, AuditEvent

    AuditEvent.objects.create(action=Action.STATE_CHANGE, summary="Took a document out of the library")
    assert infant not in similar.like_document(baby, count=10)


def test_the_document_page_links_reviews_like_it(client, world):
    baby, infant, _boy = _three(world)
    page = BeautifulSoup(client.get(reverse("library:document", args=[baby.slug])).content, "html.parser")
    heading = page.find("h2", id="similar")
    assert heading and heading.get_text() == "Reviews like this one"
    links = [a["href"] for a in heading.find_next("ul").select("a")]
    assert reverse("library:document", args=[infant.slug]) in links


def test_editing_a_document_works_its_vector_out_again(world, django_capture_on_commit_callbacks):
    baby, _infant, _boy = _three(world)
    with django_capture_on_commit_callbacks(execute=True):
        document_update(document=baby, by=world.people["bu_manager"], expected_version=baby.lock_version,
                        data={"summary": "A review about school attendance."})
    from django_tasks_db.models import DBTaskResult

    assert DBTaskResult.objects.filter(task_path__endswith="refresh_document_vector").exists()


def test_a_cases_findings_page_shows_published_reviews_like_its_findings(client, world):
    from casereview.learning import services as learning

    _baby, infant, boy = _three(world)
    learning.finding_add(case=world.case, by=world.people["bu_officer"], themes=["bruising-non-mobile"],
                         text="A bruise on a baby who could not yet move was put down to a sibling and not referred.")
    sign_in(client, world.people["bu_manager"])
    page = BeautifulSoup(client.get(reverse("learning:case", args=[world.case.reference])).content, "html.parser")
    heading = page.find("h2", id="similar")
    links = [a.get_text() for a in heading.find_next("ul").select("a")]
    assert links.index(infant.title) < (links.index(boy.title) if boy.title in links else len(links))
