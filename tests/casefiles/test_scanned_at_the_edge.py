"""Uploads used as soon as they arrive (evidence, library documents, chronology spreadsheets) pass
the real malware scan first: malware is refused and nothing is stored; while clamd is away the
upload is refused with "try again", never taken unscanned."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from casereview.contributions import services as contributions
from casereview.learning import services as learning
from casereview.learning.models import ActionUpdate
from casereview.library import services as library
from casereview.library.models import LibraryDocument
from tests.contributions.helpers import ask_three

EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def _action(world):
    bu = world.people["bu_officer"]
    recommendation = learning.recommendation_add(case=world.case, by=bu, text="Share bruising concerns.")
    return learning.action_add(recommendation=recommendation, by=bu, description="Audit.",
                               agency=world.agencies["police"], lead=world.people["agency_rep"],
                               start_on=date(2026, 1, 1), due_on=date(2026, 12, 1), success_measure="Audit")


def test_evidence_carrying_malware_is_refused_and_not_saved(world, scanner):
    action = _action(world)
    with pytest.raises(ValidationError) as refused:
        learning.action_update_add(action=action, by=world.people["agency_rep"], text="Audit done",
                                   upload=SimpleUploadedFile("audit.txt", EICAR))
    assert "The malware scan found “Eicar-Test-Signature" in str(refused.value.message_dict["file"])
    assert not ActionUpdate.objects.exists()
    clean = learning.action_update_add(action=action, by=world.people["agency_rep"], text="Audit done",
                                       upload=SimpleUploadedFile("audit.pdf", b"%PDF-1.7 audit"))
    assert clean.file


def test_while_clamd_is_away_uploads_are_refused_with_try_again(world, settings, tmp_path):
    settings.CLAMD_ADDRESS = f"unix:{tmp_path}/away.sock"
    try_again = "could not be checked for malware just now"
    with pytest.raises(ValidationError, match=try_again):
        library.document_upload(partnership=world.partnership, by=world.people["bu_officer"],
                                content=b"%PDF-1.7 review", filename="review.pdf",
                                data={"title": "A review", "kind": "local_review"})
    assert not LibraryDocument.objects.filter(title="A review").exists()
    draft = contributions.current_submission(ask_three(world)["police"])
    with pytest.raises(ValidationError, match=try_again):
        contributions.entries_import(submission=draft, by=world.people["agency_rep"], content=b"PK\x03\x04 sheet",
                                     filename="chronology.xlsx")
    assert not draft.request.uploads.exists()
