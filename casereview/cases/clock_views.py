"""A changed clock rule offered to the open clocks still on an older version of it. The process
pack (below this app) changes the rule; moving cases' clocks is the case engine's (ADR 0028)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from casereview.cases.clocks import clocks_adopt_rule, open_clocks_on_older_versions
from casereview.partnerships.access import has_capability
from casereview.partnerships.models import Partnership
from casereview.process.models import ClockRule


@require_http_methods(["GET", "POST"])
def rule_recompute(request: HttpRequest, slug: str, rule_id: int) -> HttpResponse:
    partnership = get_object_or_404(Partnership, slug=slug)
    if not has_capability(request.user, partnership.pk, "manage_process_pack"):
        raise PermissionDenied
    rule = get_object_or_404(ClockRule.objects.current(), pk=rule_id, partnership=partnership)
    if request.method == "POST":
        moved = clocks_adopt_rule(rule=rule, by=request.user)
        messages.success(request, f"{moved} open {'clock was' if moved == 1 else 'clocks were'} recomputed with "
                                  f"version {rule.version}")
        return redirect("process:overview", partnership.slug)
    clocks = list(open_clocks_on_older_versions(rule).order_by("due_on")[:200])
    return render(request, "process/rule_recompute.html", {"partnership": partnership, "rule": rule,
                                                            "clocks": clocks})
