from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from casereview.exports import kinds, services
from casereview.exports.models import Export

# How often the page asks again while the file is being made (no JavaScript needed).
REFRESH_SECONDS = 3


def _own(request: HttpRequest, token) -> Export:
    export = get_object_or_404(Export.objects.select_related("case", "partnership"), token=token)
    if export.requested_by_id != request.user.pk:
        raise Http404  # another person's export: not even its existence is confirmed
    if not kinds.allowed(export, request.user):
        raise PermissionDenied  # their access ended after they asked
    return export


@never_cache
@require_safe
def status(request: HttpRequest, token) -> HttpResponse:
    export = _own(request, token)
    if export.status == Export.Status.READY and export.expires_at and export.expires_at <= timezone.now():
        services.exports_expire()  # past its time: delete it now rather than at the daily sweep
        export.refresh_from_db()
    working = export.status in (Export.Status.WAITING, Export.Status.RUNNING)
    about = kinds.describe(export)
    return render(request, "exports/status.html", {
        "export": export, "about": about, "working": working, "refresh_seconds": REFRESH_SECONDS,
        "made_in_parts": about.made_in_parts})


@never_cache
@require_safe
def download(request: HttpRequest, token) -> HttpResponse:
    export = _own(request, token)
    try:
        path = services.export_download(export=export, by=request.user)
    except FileNotFoundError as missing:
        raise Http404 from missing
    content_types = {"pdf": "application/pdf", "html": "text/html; charset=utf-8",
                     "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                     "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
    response = FileResponse(path.open("rb"), as_attachment=True, filename=export.download_name,
                            content_type=content_types[export.fmt])
    response["Cache-Control"] = "private, no-store"
    return response
