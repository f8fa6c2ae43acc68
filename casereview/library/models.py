"""The learning library: published documents (National Panel reports, this service's own
published reviews and briefings, reviews from other partnerships), their text page by page,
and the theme vocabulary people tag them with.

Everything listed here is already public. A document uploaded by a partnership stays unlisted
until a person has checked its text and themes and lists it."""

from __future__ import annotations

from django.conf import settings
from django.db import models

USER = settings.AUTH_USER_MODEL


class Theme(models.Model):
    """One entry of the shared vocabulary. The slug is what findings and documents store, so it
    never changes; everything else may be edited."""

    slug = models.SlugField(max_length=60, unique=True)
    group = models.CharField(max_length=80)
    label = models.CharField(max_length=120)
    definition = models.TextField()
    triggers = models.JSONField(default=list, blank=True,
                                help_text="Words and phrases that suggest this theme in a document's text.")
    is_active = models.BooleanField(default=True)
    lock_version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["group", "label"]

    def __str__(self) -> str:
        return self.label


class Kind(models.TextChoices):
    NATIONAL_REVIEW = "national_review", "National review"
    THEMATIC_REVIEW = "thematic_review", "Thematic review"
    ANNUAL_REPORT = "annual_report", "Annual report"
    PRACTICE_BRIEFING = "practice_briefing", "Practice briefing"
    LETTER = "letter", "Letter"
    GUIDANCE = "guidance", "Guidance"
    RESEARCH = "research", "Research and analysis"
    NEWSLETTER = "newsletter", "Newsletter"
    PRACTICE_RESOURCE = "practice_resource", "Practice resource"
    LOCAL_REVIEW = "local_review", "Local child safeguarding practice review"
    LEARNING_BRIEFING = "learning_briefing", "Learning briefing"


class Origin(models.TextChoices):
    NATIONAL_PANEL = "national_panel", "National Panel"
    THIS_SERVICE = "this_service", "Published on this service"
    OTHER_PARTNERSHIP = "other_partnership", "Another partnership"


class Extraction(models.TextChoices):
    NONE = "none", "No file"
    WAITING = "waiting", "Waiting to read the file"
    DONE = "done", "Text read"
    FAILED = "failed", "The file could not be read"


class LibraryDocument(models.Model):
    slug = models.SlugField(max_length=120, unique=True)
    title = models.CharField(max_length=400)
    publisher = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    origin = models.CharField(max_length=30, choices=Origin.choices)
    # The partnership that published it (this service) or added it (an upload). Empty for the Panel's.
    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="library_documents")
    published_year = models.PositiveSmallIntegerField(db_index=True)
    published_month = models.PositiveSmallIntegerField(null=True, blank=True)
    source_url = models.URLField(max_length=500, blank=True)
    # Where the text and facts came from: the official publication, or a secondary copy (a
    # newsletter, document mirror or news report) when the official one was not found.
    source_kind = models.CharField(max_length=10, blank=True, choices=[
        ("official", "The official publication"), ("secondary", "A secondary copy")])
    title_confirmed = models.BooleanField(default=True)
    additional_sources = models.JSONField(default=list, blank=True)
    licence = models.CharField(max_length=200, blank=True)
    summary = models.TextField(blank=True)
    key_messages = models.JSONField(default=list, blank=True)
    recommendations = models.JSONField(default=list, blank=True)
    # Where this service published it itself, the page people read it on.
    site_path = models.CharField(max_length=300, blank=True)
    file = models.FileField(upload_to="library/", blank=True)
    file_type = models.CharField(max_length=10, blank=True)
    file_size = models.PositiveIntegerField(default=0)
    extraction = models.CharField(max_length=10, choices=Extraction.choices, default=Extraction.NONE)
    extraction_error = models.CharField(max_length=300, blank=True)
    page_count = models.PositiveIntegerField(default=0)
    is_listed = models.BooleanField(default=False, db_index=True)
    # What the document is about as 256 numbers (library.embedding): its card and pages' sentences,
    # averaged. Filled by the task worker after reading or editing; empty until then.
    vector = models.BinaryField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    lock_version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-published_year", "-published_month", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def published_label(self) -> str:
        import calendar

        if self.published_month:
            return f"{calendar.month_name[self.published_month]} {self.published_year}"
        return str(self.published_year)


class DocumentPage(models.Model):
    """A page of a document's text. Page 0 is the document's own card (title, summary, key
    messages and recommendations), so documents without a file are searchable too."""

    document = models.ForeignKey(LibraryDocument, on_delete=models.CASCADE, related_name="pages")
    number = models.PositiveIntegerField()
    text = models.TextField()
    # The analysed words (lower case, stemmed, stop words removed), joined by spaces. Both
    # databases index this same text, so they match the same pages.
    index_text = models.TextField()
    # Indexed so that the average page length BM25 needs is read from the index, not the pages.
    length = models.PositiveIntegerField(default=0, db_index=True)

    class Meta:
        ordering = ["document", "number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="one_page_number")]

    def __str__(self) -> str:
        return f"Page {self.number}"


class PageTerm(models.Model):
    """How often one analysed word occurs on one page: what BM25 ranking needs, read by word from
    an index, so a search never re-reads page text (library.search). Written with the page."""

    page = models.ForeignKey(DocumentPage, on_delete=models.CASCADE, related_name="terms")
    document = models.ForeignKey(LibraryDocument, on_delete=models.CASCADE, related_name="+", db_index=False)
    number = models.PositiveIntegerField()  # the page's number (0 is the card), copied for ranking
    length = models.PositiveIntegerField()  # the page's length in analysed words, copied for ranking
    term = models.CharField(max_length=64)
    count = models.PositiveIntegerField()

    class Meta:
        # Everything ranking reads is in the index, so the database never visits the table.
        indexes = [models.Index(fields=["term", "document", "number", "page", "length", "count"],
                                name="library_term_covering")]

    def __str__(self) -> str:
        return f"{self.term} ×{self.count}"


class ThemeTag(models.Model):
    """A theme on a document: suggested by the service from its text, or added by a person.
    Only confirmed tags count in search facets and patterns."""

    class Status(models.TextChoices):
        SUGGESTED = "suggested", "Suggested"
        CONFIRMED = "confirmed", "Confirmed"
        REJECTED = "rejected", "Rejected"

    document = models.ForeignKey(LibraryDocument, on_delete=models.CASCADE, related_name="theme_tags")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="tags")
    status = models.CharField(max_length=10, choices=Status.choices)
    confidence = models.FloatField(null=True, blank=True)
    # [{"page": 3, "text": "..."}]: the passages that led to a suggestion.
    passages = models.JSONField(default=list, blank=True)
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["document", "-confidence"]
        constraints = [models.UniqueConstraint(fields=["document", "theme"], name="one_tag_per_theme")]

    def __str__(self) -> str:
        return f"{self.theme} ({self.get_status_display().lower()})"


class ThemeModel(models.Model):
    """A trained theme suggester (library.theme_model), stored as plain JSON numbers, never
    pickled. The newest is used; each retraining adds one and drops all but the last few."""

    created_at = models.DateTimeField(auto_now_add=True)
    trained_on = models.PositiveIntegerField(default=0)
    # How many confirmed or rejected library tags and coded findings there were when it was trained.
    decisions = models.PositiveIntegerField(default=0)
    data = models.JSONField()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Theme model trained on {self.trained_on} texts"
