from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, _user_has_perm
from django.db import models
from django.utils import timezone


class UserManager(BaseUserManager):
    def create_user(self, email: str, full_name: str, password: str | None = None, **extra):
        user = self.model(email=self.normalize_email(email).lower(), full_name=full_name, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractBaseUser):
    """A person who signs in: staff of an agency, a lead reviewer, or an administrator.

    Roles are held per partnership (partnerships.RoleAssignment); access to a case comes
    from those roles and from case membership, never from flags on this model.
    """

    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    agency = models.ForeignKey(
        "partnerships.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="people"
    )
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)
    deactivated_at = models.DateTimeField(null=True, blank=True)
    deactivated_by = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0]

    def has_perm(self, perm: str, obj=None) -> bool:
        # Answered by the rules backend (casereview/*/rules.py); there are no stored permissions.
        return self.is_active and _user_has_perm(self, perm, obj)

    # Navigation helpers; the answers come from the rules in partnerships.access.
    def partnerships_managed(self):
        from casereview.partnerships.access import partnerships_where

        return partnerships_where(self, "manage_people")

    def partnerships_with_audit(self):
        from casereview.partnerships.access import partnerships_where

        return partnerships_where(self, "view_audit")

    def partnerships_with_dashboard(self):
        from casereview.partnerships.access import partnerships_where

        return partnerships_where(self, "view_dashboard")

    def partnerships_running_cases(self):
        from casereview.partnerships.access import partnerships_where

        return partnerships_where(self, "manage_case_lifecycle")

    def partnerships_with_pack(self):
        from casereview.partnerships.access import partnerships_where

        return partnerships_where(self, "manage_process_pack")

    def can_manage_library(self) -> bool:
        from casereview.partnerships.access import has_site_capability, partnership_ids_where

        return bool(partnership_ids_where(self, "manage_library") or has_site_capability(self, "manage_themes")
                    or has_site_capability(self, "manage_national_library"))

    def is_installation_administrator(self) -> bool:
        from casereview.partnerships.access import has_site_capability

        return has_site_capability(self, "close_accounts")

    def can_refer(self) -> bool:
        from casereview.partnerships.access import partnership_ids_where

        return bool(partnership_ids_where(self, "refer_case"))

    def work_count(self) -> int:
        """How many things wait on "Your work", for the navigation. Kept for a minute, so every
        page does not gather the whole list; the page itself always counts afresh, and any
        change anyone makes clears it (work.counts)."""
        if not hasattr(self, "_work_count"):
            from django.utils import timezone

            from casereview.work.counts import keep_count, kept_count
            from casereview.work.queries import work_count

            count = kept_count(self.pk)
            if count is None:
                count = work_count(self, timezone.localdate())
                keep_count(self.pk, count)
            self._work_count = count
        return self._work_count

    def hub_partnership(self):
        """The partnership whose own pages the navigation's "Partnership" link opens, if any."""
        from casereview.work.queries import hub_partnerships

        hubs = hub_partnerships(self)
        return hubs[0] if hubs else None

    def navigation(self) -> dict:
        """What the navigation shows this person, from their roles: kept until the next audited
        change (every grant or removal of a role is one), so a page does not read the roles,
        partnerships and site roles again only to draw its links. The pages themselves still
        check every permission afresh."""
        from casereview.audit.kept import kept

        def work_out() -> dict:
            hub = self.hub_partnership()
            return {"hub_slug": hub.slug if hub else None,
                    "running_cases": [p.slug for p in self.partnerships_running_cases()],
                    "can_refer": self.can_refer(),
                    "installation": self.is_installation_administrator()}

        if not hasattr(self, "_navigation"):
            self._navigation = kept("navigation", (self.pk,), work_out, seconds=300)
        return self._navigation

    def unread_notifications(self) -> int:
        """Counted once per request for the navigation."""
        if not hasattr(self, "_unread_notifications"):
            from casereview.accounts import request_facts

            request_facts.load(self)
        return self._unread_notifications


class UserSession(models.Model):
    """Which sessions belong to whom, so that deactivating a person ends every one of them."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sessions")
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Session of person {self.user_id}"
