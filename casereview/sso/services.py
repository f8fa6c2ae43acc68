"""Adding and changing a partnership's identity providers."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from casereview.audit.models import Action
from casereview.audit.services import audit_record
from casereview.govuk.wording import problem
from casereview.partnerships.access import has_capability
from casereview.sso.models import IdentityProvider


def manages_sign_in(user, partnership_id: int) -> bool:
    return has_capability(user, partnership_id, "manage_sign_in")


def _domains(value: str, provider: IdentityProvider | None) -> str:
    domains = [d.strip().lower().lstrip("@") for d in value.split(",") if d.strip()]
    if not domains or any("." not in d or " " in d for d in domains):
        raise ValidationError({"email_domains": problem("Enter email domains like wessex.gov.uk, separated by commas",
                                                        "email_domains")})
    taken = IdentityProvider.objects.exclude(pk=provider.pk if provider else None).filter(active=True)
    clash = sorted({d for other in taken for d in other.domains} & set(domains))
    if clash:
        raise ValidationError({"email_domains": problem("Another identity provider already signs in %(domains)s",
                                                        "domain_taken", domains=", ".join(clash))})
    return ", ".join(domains)


@transaction.atomic
def provider_save(*, partnership, by, provider: IdentityProvider | None, data: dict,
                  expected_version: int | None = None) -> IdentityProvider:
    if not manages_sign_in(by, partnership.pk):
        raise PermissionDenied
    domains = _domains(data["email_domains"], provider)
    if provider is None:
        if not data.get("client_secret"):
            raise ValidationError({"client_secret": problem("Enter the client secret", "enter_client_secret")})
        provider = IdentityProvider(partnership=partnership, created_by=by)
        code = "sso.provider_added"
    else:
        provider = IdentityProvider.objects.select_for_update().get(pk=provider.pk, partnership=partnership)
        if expected_version is not None and expected_version != provider.lock_version:
            raise problem("Someone else changed this provider while you were editing it. Nothing has been saved.",
                          "stale")
        provider.lock_version += 1
        code = "sso.provider_changed"
    provider.name, provider.issuer, provider.client_id = data["name"].strip(), data["issuer"].strip(), \
        data["client_id"].strip()
    if data.get("client_secret"):
        provider.client_secret = data["client_secret"]
    provider.email_domains, provider.active = domains, bool(data.get("active"))
    provider.save()
    audit_record(action=Action.CREATE if code == "sso.provider_added" else Action.UPDATE, actor=by, target=provider,
                 partnership=partnership, code=code, params={"provider": provider.name, "domains": domains})
    return provider
