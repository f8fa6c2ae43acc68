"""Library pages: public search, documents, themes and patterns; and, for the business unit,
adding documents, checking their themes and editing the vocabulary."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from casereview.accounts.decorators import public
from casereview.govuk.forms_bridge import apply_validation_error
from casereview.govuk.params import int_or_none
from casereview.govuk.wording import problem
from casereview.library import queries, rules, search, services, similar
from casereview.library.forms import AddThemeForm, DocumentForm, OfficialSourceForm, ThemeForm, UploadForm
from casereview.library.models import Extraction, Kind, LibraryDocument, Origin, Theme, ThemeTag
from casereview.partnerships.access import (
    has_site_capability,
    partnership_ids_where,
    partnerships_where,
    signed_in_fully,
)

# --- public -------------------------------------------------------------------------------

@public
def library(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:200]
    filters = search.Filters.from_query(request.GET)
    results = search.search(query, filters, page=int_or_none(request.GET.get("page")) or 1)
    return render(request, "library/search.html", {
        "results": results, "query": query, "filters": filters, "kinds": dict(Kind.choices),
        "facet_titles": {"kind": "Type", "publisher": "Publisher", "year": "Year", "theme": "Theme"},
        "page_link": _page_link(request)})


def _page_link(request: HttpRequest):
    def link(page: int) -> str:
        params = request.GET.copy()
        params["page"] = str(page)
        return f"{reverse('library:search')}?{params.urlencode()}"
    return link


@public
def document(request: HttpRequest, slug: str) -> HttpResponse:
    found = queries.visible_document(slug, request.user)
    if found is None:
        raise Http404
    query = request.GET.get("q", "")[:200]
    matches = search.search_document(found, query) if query else []
    words = set(search.query_terms(query))
    pages = [(number, search.highlight(text, words) if words else text)
             for number, text in found.pages.filter(number__gt=0).values_list("number", "text")]
    # Briefings are written on reports from elsewhere; this service's own carry their case's briefings.
    writers = (partnerships_where(request.user, "manage_learning")
               if request.user.is_authenticated and found.origin != Origin.THIS_SERVICE else [])
    return render(request, "library/document.html", {
        "document": found, "themes": queries.confirmed_themes(found), "query": query, "matches": matches,
        "pages": pages, "page_word": "part" if found.file_type == "docx" else "page",
        "can_manage": request.user.is_authenticated and rules.can_manage(request.user, found),
        "briefing_partnerships": writers,
        "briefings": list(found.briefings.filter(partnership__in=writers).order_by("pk")) if writers else [],
        "taken_up": [r for r in found.local_recommendations.filter(case__partnership__in=writers)
                     .select_related("case").order_by("case__reference", "pk")
                     if request.user.has_perm("cases.view_case", r.case)] if writers else [],
        "similar": similar.like_document(found),
        "can_attach_official": request.user.is_authenticated and rules.can_attach_official(request.user, found)})


@public
def document_file(request: HttpRequest, slug: str) -> FileResponse:
    found = queries.visible_document(slug, request.user)
    if found is None or not found.file:
        raise Http404
    content_type = "application/pdf" if found.file_type == "pdf" else (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    return FileResponse(found.file.open("rb"), content_type=content_type, as_attachment=found.file_type != "pdf",
                        filename=f"{found.slug}.{found.file_type}")


@public
def themes(request: HttpRequest) -> HttpResponse:
    return render(request, "library/themes.html", {"groups": queries.theme_overview()})


def _learning_partnership_ids(request: HttpRequest) -> list[int]:
    if not signed_in_fully(request.user):
        return []
    return sorted(set(partnership_ids_where(request.user, "view_dashboard")) |
                  set(partnership_ids_where(request.user, "manage_learning")))


@public
def theme(request: HttpRequest, slug: str) -> HttpResponse:
    found = get_object_or_404(Theme, slug=slug)
    own = _learning_partnership_ids(request)
    return render(request, "library/theme.html", {
        "theme": found, "documents": queries.theme_documents(found), "signed_in": bool(own),
        "actions": queries.theme_local_actions(found, own)})


@public
def patterns(request: HttpRequest) -> HttpResponse:
    years, by_year = queries.themes_by_year()
    comparison, national_total, local_total = queries.national_against_local()
    own = _learning_partnership_ids(request)
    own_comparison = queries.national_against_local(own) if own else None
    return render(request, "library/patterns.html", {
        "years": years, "by_year": by_year, "comparison": comparison[:15], "national_total": national_total,
        "local_total": local_total, "pairs": queries.co_occurrence(),
        "own": own_comparison, "own_names": [p.name for p in partnerships_where(request.user, "view_dashboard")]
        if own else []})


# --- the business unit's side --------------------------------------------------------------

def _managing(request: HttpRequest) -> tuple[list, bool]:
    partnerships = partnerships_where(request.user, "manage_library")
    vocabulary = has_site_capability(request.user, "manage_themes")
    if not partnerships and not vocabulary and not has_site_capability(request.user, "manage_national_library"):
        raise PermissionDenied
    return partnerships, vocabulary


@never_cache
def manage(request: HttpRequest) -> HttpResponse:
    partnerships, vocabulary = _managing(request)
    ids = [p.pk for p in partnerships]
    mine = LibraryDocument.objects.filter(partnership_id__in=ids, origin__in=[Origin.OTHER_PARTNERSHIP,
                                                                               Origin.NATIONAL_PANEL])
    waiting = ThemeTag.objects.filter(status=ThemeTag.Status.SUGGESTED, document__in=mine)
    return render(request, "library/manage.html", {
        "documents": mine.order_by("is_listed", "-created_at"), "can_upload": bool(partnerships),
        "vocabulary": vocabulary, "suggested": {d: n for d, n in _count_by_document(waiting)},
        "panel": LibraryDocument.objects.filter(origin=Origin.NATIONAL_PANEL, partnership__isnull=True).count(),
        "national": (LibraryDocument.objects.filter(partnership__isnull=True, origin=Origin.NATIONAL_PANEL)
                     .order_by("-published_year", "title")
                     if has_site_capability(request.user, "manage_national_library") else None)})


def _count_by_document(tags):
    from django.db.models import Count

    return tags.values("document_id").annotate(n=Count("id")).values_list("document_id", "n")


@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    partnerships, _ = _managing(request)
    if not partnerships:
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None, partnerships=partnerships)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        partnership = (next(p for p in partnerships if p.pk == data["partnership"]) if "partnership" in data
                       else partnerships[0])
        uploaded = data["file"]
        try:
            if uploaded.size > services.extract.MAX_BYTES:
                raise ValidationError({"file": problem("The selected file must be smaller than 20 MB",
                                                       "the_selected_file_must_be")})
            created = services.document_upload(partnership=partnership, by=request.user, content=uploaded.read(),
                                               filename=uploaded.name, data=data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The document has been added. The service is reading its text: check its "
                                      "themes and list it when it is ready.")
            return redirect("library:edit", created.slug)
    return render(request, "library/form.html", {"form": form, "heading": "Add a document to the library",
                                                 "button": "Add the document", "back": reverse("library:manage"),
                                                 "multipart": True})


@never_cache
@require_http_methods(["GET", "POST"])
def attach_official(request: HttpRequest, slug: str) -> HttpResponse:
    found = get_object_or_404(LibraryDocument, slug=slug)
    if not rules.can_attach_official(request.user, found):
        raise PermissionDenied
    form = OfficialSourceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        try:
            if uploaded.size > services.extract.MAX_BYTES:
                raise ValidationError({"file": problem("The selected file must be smaller than 20 MB",
                                                       "the_selected_file_must_be")})
            services.official_source_attach(document=found, by=request.user, content=uploaded.read(),
                                            url=form.cleaned_data["url"])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The official publication has been attached. The service is reading it: its "
                                      "pages will be searchable in a few minutes.")
            return redirect("library:document", found.slug)
    return render(request, "library/form.html", {
        "form": form, "heading": f"Attach the official publication of “{found.title}”",
        "button": "Attach it", "back": reverse("library:document", args=[found.slug]), "multipart": True})


def _managed(request: HttpRequest, slug: str) -> LibraryDocument:
    found = get_object_or_404(LibraryDocument, slug=slug)
    if not rules.can_manage(request.user, found):
        raise PermissionDenied
    return found


@never_cache
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, slug: str) -> HttpResponse:
    found = _managed(request, slug)
    initial = {name: getattr(found, name) for name in services.METADATA}
    initial.update(key_messages="\n".join(found.key_messages), recommendations="\n".join(found.recommendations))
    form = DocumentForm(request.POST or None, initial=initial)
    stale = None
    if request.method == "POST" and form.is_valid():
        try:
            services.document_update(document=found, by=request.user, data=form.cleaned_data,
                                     expected_version=int_or_none(request.POST.get("lock_version")) or 0)
        except ValidationError as error:
            if getattr(error, "code", "") == "stale":
                stale = LibraryDocument.objects.get(pk=found.pk)
            apply_validation_error(form, error)
        else:
            messages.success(request, "The document's details have been saved")
            return redirect("library:edit", found.slug)
    tags = list(found.theme_tags.select_related("theme", "decided_by").order_by("status", "-confidence"))
    tagged = {t.theme.slug for t in tags}
    choices = [(slug_, label) for _, items in queries.theme_choices() for slug_, label in items if slug_ not in tagged]
    return render(request, "library/edit.html", {
        "document": stale or found, "form": form, "lock_version": (stale or found).lock_version, "stale": stale,
        "suggested": [t for t in tags if t.status == ThemeTag.Status.SUGGESTED],
        "confirmed": [t for t in tags if t.status == ThemeTag.Status.CONFIRMED],
        "rejected": [t for t in tags if t.status == ThemeTag.Status.REJECTED],
        "add_form": AddThemeForm(choices=choices), "Extraction": Extraction})


@require_POST
def tag(request: HttpRequest, slug: str) -> HttpResponse:
    found = _managed(request, slug)
    if request.POST.get("theme"):
        form = AddThemeForm(request.POST, choices=[(t.slug, t.label) for t in Theme.objects.filter(is_active=True)])
        if not form.is_valid():
            messages.error(request, "Choose a theme to add")
            return redirect("library:edit", found.slug)
        services.tag_add(document=found, theme=Theme.objects.get(slug=form.cleaned_data["theme"]), by=request.user)
        messages.success(request, "The theme has been added")
        return redirect("library:edit", found.slug)
    chosen = get_object_or_404(ThemeTag, pk=int_or_none(request.POST.get("tag")) or 0, document=found)
    try:
        services.tag_decide(tag=chosen, by=request.user, status=request.POST.get("decision", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"“{chosen.theme.label}” has been {chosen.get_status_display().lower()}")
    return redirect(reverse("library:edit", args=[found.slug]) + "#themes")


@require_POST
def listing(request: HttpRequest, slug: str) -> HttpResponse:
    found = _managed(request, slug)
    listed = request.POST.get("listed") == "yes"
    try:
        services.document_list(document=found, by=request.user, listed=listed)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The document is in the library" if listed else
                         "The document has been taken out of the library")
    return redirect("library:edit", found.slug)


@require_POST
def reread(request: HttpRequest, slug: str) -> HttpResponse:
    """Suggests themes again, for example after the vocabulary's trigger phrases changed."""
    found = _managed(request, slug)
    count = services.themes_suggest(found)
    messages.success(request, f"The service suggested {count} theme{'s' if count != 1 else ''} from the text")
    return redirect(reverse("library:edit", args=[found.slug]) + "#themes")


# --- the vocabulary -----------------------------------------------------------------------

def _vocabulary(request: HttpRequest) -> None:
    if not has_site_capability(request.user, "manage_themes"):
        raise PermissionDenied


def _groups() -> list[str]:
    return sorted(set(Theme.objects.values_list("group", flat=True)))


@never_cache
def vocabulary(request: HttpRequest) -> HttpResponse:
    _vocabulary(request)
    return render(request, "library/vocabulary.html", {
        "themes": Theme.objects.order_by("group", "label")})


@require_http_methods(["GET", "POST"])
def theme_edit(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    _vocabulary(request)
    found = get_object_or_404(Theme, slug=slug) if slug else None
    initial = ({"label": found.label, "group": found.group, "definition": found.definition,
                "triggers": "\n".join(found.triggers), "is_active": found.is_active} if found else {"is_active": True})
    form = ThemeForm(request.POST or None, initial=initial, groups=_groups())
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.theme_save(by=request.user, data=form.cleaned_data, theme=found,
                                        expected_version=int_or_none(request.POST.get("lock_version")))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"“{saved.label}” has been saved")
            return redirect("library:vocabulary")
    return render(request, "library/form.html", {
        "form": form, "heading": f"Change “{found.label}”" if found else "Add a theme", "button": "Save the theme",
        "back": reverse("library:vocabulary"), "lock_version": found.lock_version if found else None})
