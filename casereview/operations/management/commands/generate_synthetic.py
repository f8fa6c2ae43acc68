"""National-scale synthetic data for benchmarks: partnerships, cases over years, clocks.

Everything is fictional and marked so; the command refuses to run in production.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from casereview.accounts.models import User
from casereview.cases.lifecycle import _letters
from casereview.cases.models import Case, CaseStatus
from casereview.partnerships.models import Agency, AgencyType, LocalAuthority, Partnership, Role, RoleAssignment
from casereview.process.models import Route

S = CaseStatus
# Roughly how a national caseload spreads: most referrals close early; few reach publication.
STATUS_WEIGHTS = [(S.REFERRED, 3), (S.AWAITING_NOTIFICATION, 2), (S.RAPID_REVIEW, 4), (S.AWAITING_PANEL, 3),
                  (S.AWAITING_DECISION, 2), (S.IN_REVIEW, 16), (S.CLOSED, 60), (S.WITHDRAWN, 10)]


class Command(BaseCommand):
    help = "Generate synthetic partnerships and cases for benchmarks (never in production)."

    def add_arguments(self, parser):
        parser.add_argument("--partnerships", type=int, default=150)
        parser.add_argument("--cases", type=int, default=20000)
        parser.add_argument("--years", type=int, default=10)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, **options):
        from django.conf import settings

        if settings.CONFIG.is_production:
            raise CommandError("Synthetic data must not be loaded into a production database.")
        made = generate(partnerships=options["partnerships"], cases=options["cases"], years=options["years"],
                        seed=options["seed"])
        self.stdout.write(f"Generated {made['partnerships']} partnerships and {made['cases']} cases.")


@transaction.atomic
def generate(*, partnerships: int, cases: int, years: int, seed: int = 2026) -> dict:
    rng = random.Random(seed)
    today = timezone.localdate()
    start = len(Partnership.objects.filter(slug__startswith="synthetic-"))
    password = make_password(None)
    made_partnerships = []
    for index in range(start, start + partnerships):
        partnership = Partnership.objects.create(
            name=f"Synthetic Partnership {index + 1} (fictional)", short_name=f"Synthetic {index + 1}",
            slug=f"synthetic-{index + 1}", reference_prefix=f"S{index + 1:03d}")
        LocalAuthority.objects.create(partnership=partnership, name=f"Synthetic Council {index + 1}")
        Agency.objects.bulk_create([
            Agency(partnership=partnership, name=f"Synthetic {kind.label} {index + 1}", type=kind)
            for kind in (AgencyType.CHILDRENS_SOCIAL_CARE, AgencyType.POLICE, AgencyType.NHS_TRUST,
                         AgencyType.EDUCATION)])
        manager = User.objects.create(email=f"manager-{index + 1}@synthetic.invalid", password=password,
                                      full_name=f"Synthetic Manager {index + 1}")
        RoleAssignment.objects.create(person=manager, partnership=partnership, role=Role.BUSINESS_UNIT_MANAGER)
        made_partnerships.append(partnership)
    if not made_partnerships:
        return {"partnerships": 0, "cases": 0}

    routes = {p.pk: list(Route.objects.filter(partnership=p).prefetch_related("stages")) for p in made_partnerships}
    las = dict(LocalAuthority.objects.filter(partnership__in=made_partnerships).values_list("partnership_id", "pk"))
    agencies: dict[int, list[int]] = {}
    for agency_id, partnership_id in Agency.objects.filter(partnership__in=made_partnerships).values_list(
            "pk", "partnership_id"):
        agencies.setdefault(partnership_id, []).append(agency_id)
    statuses, weights = zip(*STATUS_WEIGHTS, strict=True)
    counters: dict[tuple[int, int], int] = {}
    batch: list[Case] = []
    links: list[list[int]] = []
    created = 0

    def flush():
        nonlocal created
        saved = Case.objects.bulk_create(batch)
        through = Case.agencies.through
        through.objects.bulk_create([
            through(case_id=case.pk, agency_id=agency_id)
            for case, agency_ids in zip(saved, links, strict=True) for agency_id in agency_ids])
        created += len(saved)
        batch.clear()
        links.clear()

    for _ in range(cases):
        partnership = rng.choice(made_partnerships)
        aware = today - timedelta(days=rng.randint(0, years * 365))
        key = (partnership.pk, aware.year)
        counters[key] = counters.get(key, 0) + 1
        number = counters[key]
        status = rng.choices(statuses, weights)[0]
        route = stage = None
        if status in (S.IN_REVIEW, S.CLOSED) and rng.random() < 0.7:
            route = rng.choice(routes[partnership.pk])
            stages = list(route.stages.all())
            if status == S.IN_REVIEW:
                if not stages:
                    status = S.CLOSED
                else:
                    stage = rng.choice(stages)
        open_case = status not in (S.CLOSED, S.WITHDRAWN)
        due = today + timedelta(days=rng.randint(-40, 150)) if open_case else None
        batch.append(Case(
            partnership=partnership, local_authority_id=las[partnership.pk],
            reference=f"{partnership.reference_prefix}-{aware.year}-{number:04d}",
            pseudonym=f"Child {_letters(number)} ({aware.year})", status=status, route=route, stage=stage,
            year=aware.year, submitted_at=timezone.now() - (today - aware), on_hold=open_case and rng.random() < 0.05,
            next_due_date=due, next_due_soon_from=due - timedelta(days=5) if due else None,
            next_clock_name="Synthetic deadline" if due else "", clocks_met=0 if open_case else 2,
            clocks_met_late=0 if open_case or rng.random() < 0.8 else 1,
            summary="Synthetic case for benchmarks. Fictional."))
        links.append(rng.sample(agencies[partnership.pk], 2))
        if len(batch) >= 2000:
            flush()
    if batch:
        flush()
    return {"partnerships": len(made_partnerships), "cases": created}


