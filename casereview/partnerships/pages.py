"""What every partnership-wide page does first: find the partnership by its address, and refuse
anyone without the page's capability there."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from casereview.partnerships.access import has_capability
from casereview.partnerships.models import Partnership


def partnership_for(request, slug: str, capability: str) -> Partnership:
    partnership = get_object_or_404(Partnership, slug=slug)
    if not has_capability(request.user, partnership.pk, capability):
        raise PermissionDenied
    return partnership
