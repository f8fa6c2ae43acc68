"""The published description of a partnership's process, built from its configured process
pack. The web page and the downloadable PDF both come from here, so neither can drift from
what the service actually does."""

from __future__ import annotations

from dataclasses import dataclass, field

from casereview.cases import frameworks
from casereview.documents.render import Document, Heading, Html, Para, Table, to_pdf
from casereview.partnerships.queries import enabled_frameworks, framework_labels
from casereview.process.models import ClockRule, Route

CRITERIA = ("A case is a serious child safeguarding case when abuse or neglect of a child is known or suspected, "
            "and the child has died or been seriously harmed. Serious harm includes serious or long-term damage to "
            "a child's physical or mental health or development.")
HOW_TO_REFER = ("Anyone working in a partner agency (schools, health services, the police, children's social care, "
                "probation and others) can refer a case. Use the referral form in the case review service, or "
                "contact the partnership's business unit. The business unit checks the referral against the "
                "criteria with the local authority, the police and the NHS, and the local authority tells the "
                "National Child Safeguarding Practice Review Panel within five working days of learning of an "
                "incident that meets them.")
ROLES = [
    "The three safeguarding partners (the local authority, the police and the Integrated Care Board) decide whether "
    "a case is reviewed and sign off every published review.",
    "The business unit runs each review and keeps its deadlines.",
    "An independent lead reviewer carries out a full review.",
    "Agencies that knew the child and family send what they know, and check the draft for accuracy.",
    "Families and practitioners are invited to take part and to see the findings before publication.",
]
WORKING_DAYS = "Working days are Monday to Friday, not counting bank holidays in England and Wales."


@dataclass
class RouteSummary:
    name: str
    description: str
    stages: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class ProcessPack:
    partnership: object
    timescales: list[tuple[str, str, str]]
    routes: list[RouteSummary]
    criteria: str = CRITERIA
    how_to_refer: str = HOW_TO_REFER
    roles: list[str] = field(default_factory=lambda: list(ROLES))
    working_days: str = WORKING_DAYS
    # Each kind of review the partnership runs, (name, what it is), when it runs more than one.
    kinds: list[tuple[str, str]] = field(default_factory=list)


def process_pack(partnership) -> ProcessPack:

    rules = (ClockRule.objects.current().filter(partnership=partnership).exclude(key__startswith="request_")
             .order_by("pk"))
    timescales = [(rule.name, rule.describe[0].upper() + rule.describe[1:],
                   "Set in law or national guidance" if rule.statutory else "Set by the partnership")
                  for rule in rules]
    routes = [RouteSummary(route.name, route.description,
                           [(stage.name, stage.description) for stage in route.stages.all() if stage.active])
              for route in Route.objects.filter(partnership=partnership).prefetch_related("stages")]
    labels = framework_labels(partnership.pk)
    registered = {f.key: f for f in frameworks.registered()}
    kinds = [(labels.get(key) or registered[key].label, registered[key].public_summary)
             for key in enabled_frameworks(partnership.pk) if key in registered]
    return ProcessPack(partnership=partnership, timescales=timescales, routes=routes,
                       kinds=kinds if len(kinds) > 1 else [])


def process_pack_pdf(pack: ProcessPack) -> bytes:
    from django.utils.html import escape


    partnership = pack.partnership
    document = Document(title=f"How case reviews work in {partnership.short_name}", partnership=partnership.name,
                        subtitle="The partnership's process pack", marking="", logo=partnership.logo,
                        logo_type=partnership.logo_type)
    if pack.kinds:
        document.add(Heading("The reviews this partnership holds"))
        for name, summary in pack.kinds:
            document.add(Heading(name, level=3), Para(summary))
    document.add(Heading("When a case is reviewed"), Para(pack.criteria),
                 Heading("How to refer a case"), Para(pack.how_to_refer),
                 Heading("Timescales"), Table(["Step", "Timescale", "Who sets it"], [list(t) for t in pack.timescales]),
                 Para(pack.working_days),
                 Heading("What can happen after the rapid review"))
    for route in pack.routes:
        document.add(Heading(route.name, level=3))
        if route.description:
            document.add(Para(route.description))
        if route.stages:
            items = "".join(f"<li>{escape(name)}{': ' + escape(text) if text else ''}</li>"
                            for name, text in route.stages)
            document.add(Html(f"<ol>{items}</ol>"))
    document.add(Heading("Who is involved"), Html("<ul>" + "".join(f"<li>{escape(r)}</li>" for r in pack.roles)
                                                  + "</ul>"))
    return to_pdf(document)
