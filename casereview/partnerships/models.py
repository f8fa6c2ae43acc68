from django.conf import settings
from django.db import models


class Partnership(models.Model):
    """A local safeguarding children partnership: the LA, police and ICB, with the agencies they work with."""

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=40, help_text="Shown in navigation, for example “North Wessex”.")
    slug = models.SlugField(max_length=60, unique=True)
    # Case references start with this, for example "NWP-2026-004".
    reference_prefix = models.CharField(max_length=8, unique=True)
    # Shown on every document the service produces. Small, so kept in the database; checked by content.
    logo = models.BinaryField(null=True, blank=True)
    logo_type = models.CharField(max_length=10, blank=True, help_text="png or jpeg")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class LocalAuthority(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="local_authorities")
    name = models.CharField(max_length=200)
    # ONS code, for example E06000037; lets reports line up with national statistics.
    code = models.CharField(max_length=9, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "local authorities"
        constraints = [models.UniqueConstraint(fields=["partnership", "name"], name="unique_la_name_per_partnership")]

    def __str__(self) -> str:
        return self.name


class AgencyType(models.TextChoices):
    CHILDRENS_SOCIAL_CARE = "childrens_social_care", "Children’s social care"
    POLICE = "police", "Police"
    ICB = "icb", "Integrated Care Board"
    NHS_TRUST = "nhs_trust", "NHS trust"
    GP_PRACTICE = "gp_practice", "GP practice"
    EDUCATION = "education", "School or education"
    PROBATION = "probation", "Probation"
    YOUTH_JUSTICE = "youth_justice", "Youth justice"
    HOUSING = "housing", "Housing"
    VOLUNTARY = "voluntary", "Voluntary sector"
    OTHER = "other", "Other"


class Agency(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="agencies")
    name = models.CharField(max_length=200)
    type = models.CharField(max_length=40, choices=AgencyType.choices)
    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, null=True, blank=True, related_name="agencies"
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"
        constraints = [models.UniqueConstraint(fields=["partnership", "name"], name="unique_agency_name_per_partnership")]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    BUSINESS_UNIT_MANAGER = "business_unit_manager", "Business unit manager"
    BUSINESS_UNIT_OFFICER = "business_unit_officer", "Business unit officer"
    SUBGROUP_CHAIR = "subgroup_chair", "Review subgroup chair"
    PARTNER_LA = "partner_la", "Delegated safeguarding partner (local authority)"
    PARTNER_POLICE = "partner_police", "Delegated safeguarding partner (police)"
    PARTNER_ICB = "partner_icb", "Delegated safeguarding partner (ICB)"
    LEAD_REVIEWER = "lead_reviewer", "Lead reviewer"
    AGENCY_REPRESENTATIVE = "agency_representative", "Agency representative"
    SCRUTINEER = "scrutineer", "Independent scrutineer"
    SAB_CHAIR = "sab_chair", "Safeguarding Adults Board independent chair"
    CSP_CHAIR = "csp_chair", "Community Safety Partnership chair"
    SYSTEM_ADMINISTRATOR = "system_administrator", "System administrator"


class EnabledFramework(models.Model):
    """A review framework (cases.frameworks) the partnership runs, with the name it uses for it:
    partnerships differ, for example "DHR" or "DARDR"."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="enabled_frameworks")
    key = models.CharField(max_length=20)
    label = models.CharField(max_length=120, blank=True, help_text="Blank: the framework's own name.")
    enabled_at = models.DateTimeField(auto_now_add=True)
    enabled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")

    class Meta:
        ordering = ["partnership", "pk"]
        constraints = [models.UniqueConstraint(fields=["partnership", "key"], name="one_row_per_framework")]

    def __str__(self) -> str:
        return self.label or self.key


class RoleAssignment(models.Model):
    """A role a person holds in one partnership. A person may hold several."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments")
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(max_length=40, choices=Role.choices)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["partnership", "role"]
        constraints = [
            models.UniqueConstraint(fields=["person", "partnership", "role"], name="unique_role_per_person_partnership")
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} in {self.partnership}"


class Invitation(models.Model):
    """A single-use, expiring link that lets a new person set up their account."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    full_name = models.CharField(max_length=200)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="invitations")
    roles = models.JSONField(default=list)
    # Only a hash is kept: the link itself exists only in the email.
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    # The first manager's invitation, made from the command line when the partnership is created:
    # there is no one yet to confirm its roles.
    bootstrap = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation {self.pk}"

    def role_labels(self) -> list[str]:
        return [Role(r).label for r in self.roles]

    def proposed_role_labels(self) -> list[str]:
        return [p.get_role_display() for p in self.proposals.all() if p.outcome == "waiting"]


class RoleProposal(models.Model):
    """A sensitive role one person has proposed for another. It takes effect only when a different
    person who may grant it confirms (see partnerships.access.GRANTS)."""

    class Outcome(models.TextChoices):
        WAITING = "waiting", "Waiting for confirmation"
        CONFIRMED = "confirmed", "Confirmed"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="role_proposals")
    # Empty while the invitation it came with has not been accepted.
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True,
                               related_name="role_proposals")
    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, null=True, blank=True,
                                   related_name="proposals")
    role = models.CharField(max_length=40, choices=Role.choices)
    reason = models.CharField(max_length=300, blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(auto_now_add=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.WAITING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "person", "role"], condition=models.Q(outcome="waiting"),
                                    name="one_waiting_proposal_per_role"),
        ]

    def __str__(self) -> str:
        return f"Proposal of {self.get_role_display()}"


class SiteRole(models.TextChoices):
    """Roles over the whole installation rather than one partnership."""

    INSTALLATION_ADMINISTRATOR = "installation_administrator", "Installation administrator"


class SiteRoleAssignment(models.Model):
    """Granted from the command line by whoever runs the installation (manage.py grant_site_role)."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="site_roles")
    role = models.CharField(max_length=40, choices=SiteRole.choices)
    granted_at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "role"], name="unique_site_role_per_person")]

    def __str__(self) -> str:
        return self.get_role_display()
