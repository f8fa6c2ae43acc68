"""A case's documents: the signed terms of reference, the Panel's letters, minutes, the family's
letters. Each document keeps every version uploaded; a version can be downloaded only once the
malware scan has passed it. A document may answer one of the expected documents of a stage of the
case's route, which is how a stage's checklist is met by a file rather than a tick."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

USER = settings.AUTH_USER_MODEL


class Audience(models.TextChoices):
    # The narrower is the default: a family's letter is not for every agency on the case.
    CORE = "core", "The business unit and the lead reviewer"
    CASE = "case", "Everyone who can open the case, agency representatives included"


class CaseDocument(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="case_documents")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    audience = models.CharField(max_length=10, choices=Audience.choices, default=Audience.CORE)
    # The expected document this answers: a stage of the case's route and one line of its list.
    stage = models.ForeignKey("process.Stage", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    expected = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    lock_version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title


class Scan(models.TextChoices):
    WAITING = "waiting", "Waiting for the malware scan"
    CLEAN = "clean", "Scanned: no malware found"
    QUARANTINED = "quarantined", "Quarantined: malware found"
    # Only where the installation has no scanner, which production refuses (config.Config).
    NOT_SCANNED = "not_scanned", "Not scanned: this installation has no malware scanner"


def version_path(instance: DocumentVersion, filename: str) -> str:
    # Never the uploader's file name in storage: it may name a child.
    return f"case-documents/{instance.document.case_id}/{uuid.uuid4().hex}"


class DocumentVersion(models.Model):
    document = models.ForeignKey(CaseDocument, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    file = models.FileField(upload_to=version_path, max_length=300)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=120)
    extension = models.CharField(max_length=10)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    note = models.CharField(max_length=300, blank=True, help_text="What changed in this version.")
    scan = models.CharField(max_length=20, choices=Scan.choices, default=Scan.WAITING)
    found = models.CharField(max_length=200, blank=True)  # the malware's name when quarantined
    scanned_at = models.DateTimeField(null=True, blank=True)
    uploaded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["document", "-number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="one_version_number")]
        indexes = [models.Index(fields=["scan"], name="casefile_version_scan")]

    def __str__(self) -> str:
        return f"{self.document} (version {self.number})"

    @property
    def downloadable(self) -> bool:
        return self.scan in (Scan.CLEAN, Scan.NOT_SCANNED)

    @property
    def download_name(self) -> str:
        stem = self.original_name.rsplit(".", 1)[0] or "document"
        return f"{stem}.{self.extension}"
