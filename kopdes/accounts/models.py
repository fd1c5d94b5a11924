import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from kopdes.accounts.choices import COOPERATIVE_ROLES, ROLE_CAPABILITIES, Role
from kopdes.core.scoping import NOTHING, Scope, scope_for, user_can


class User(AbstractUser):
    """A person with one role bound to a region (by code) or to cooperatives. Scope is derived from these fields
    by `kopdes.core.scoping.scope_for`, nowhere else."""

    role = models.CharField(_("peran"), max_length=20, choices=Role.choices, default=Role.PIMPINAN)
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("wilayah"),
        help_text=_("Kosong untuk admin nasional."),
    )
    cooperative = models.ForeignKey(
        "cooperatives.Cooperative",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("koperasi"),
    )
    assigned_cooperatives = models.ManyToManyField(
        "cooperatives.Cooperative",
        blank=True,
        related_name="assistants",
        verbose_name=_("koperasi dampingan"),
    )

    class Meta:
        ordering = ["username"]
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def can(self, capability: str) -> bool:
        return user_can(self, capability)

    def capabilities(self) -> frozenset[str]:
        """What this user's role may change inside its scope (`kopdes.core.scoping.user_can` asks this)."""
        return ROLE_CAPABILITIES.get(self.role, frozenset())

    def build_scope(self) -> Scope:
        """The user's scope from role and assignment; `kopdes.core.scoping.scope_for` calls this once per request."""
        if self.is_superuser or (self.role == Role.ADMIN and not self.region_id):
            return Scope(everything=True, user_id=self.pk)
        if self.role in COOPERATIVE_ROLES:
            cooperatives = self._meta.get_field("cooperative").related_model.objects
            mine = models.Q(assistants=self)
            if self.cooperative_id:
                mine |= models.Q(pk=self.cooperative_id)
            rows = set(cooperatives.filter(mine).values_list("pk", "village_id").distinct())
            return Scope(
                cooperative_ids=frozenset(pk for pk, _code in rows),
                village_codes=frozenset(code for _pk, code in rows),
                user_id=self.pk,
            )
        if self.region_id:
            return Scope(region_code=self.region_id, user_id=self.pk)
        return Scope(user_id=self.pk) if self.pk else NOTHING

    @property
    def home_code(self) -> str:
        """The region code a user's dashboard opens on."""
        return scope_for(self).home_code


class ApiToken(models.Model):
    """A bearer token for the REST API. Only its sha256 is stored; the token is shown once when created."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("nama"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("token API")
        verbose_name_plural = _("token API")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @staticmethod
    def generate() -> str:
        return "kd_" + secrets.token_urlsafe(32)
