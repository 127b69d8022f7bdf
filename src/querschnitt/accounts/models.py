"""People who sign in, and the roles they hold in a municipality."""

from typing import Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from querschnitt.core.models import Department, Municipality, TenantModel


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> "User":
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with an e-mail address. Superusers are platform operators."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("name"), max_length=200)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Role(models.TextChoices):
    """The roles a person can hold in one municipality."""

    OFFICE_ADMIN = "office_admin", _("Office administrator")
    OFFICE_STAFF = "office_staff", _("Office staff")
    DEPARTMENT_LIAISON = "department_liaison", _("Department liaison")
    BODY_MEMBER = "body_member", _("Body member")
    ORGANISATION_REPRESENTATIVE = "organisation_representative", _("Organisation representative")


OFFICE_ROLES = frozenset({Role.OFFICE_ADMIN, Role.OFFICE_STAFF})


class RoleAssignment(TenantModel):
    """A role that a user holds in a municipality, for one department where the role needs it."""

    shown_on_public_pages = False

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="role_assignments"
    )
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=40, choices=Role.choices)
    department = models.ForeignKey(
        Department,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="liaisons",
        verbose_name=_("department"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "user", "role"],
                condition=models.Q(department__isnull=True),
                name="role_assignment_unique_without_department",
            ),
            models.UniqueConstraint(
                fields=["municipality", "user", "role", "department"],
                condition=models.Q(department__isnull=False),
                name="role_assignment_unique_with_department",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="department_liaison") | models.Q(department__isnull=False),
                name="role_assignment_liaison_has_department",
            ),
        ]
        indexes = [models.Index(fields=["municipality", "role"])]

    def __str__(self) -> str:
        label = self.get_role_display()
        return f"{label} ({self.department})" if self.department_id else str(label)


class RoleInvitation(TenantModel):
    """A role offered to an e-mail address, waiting for its owner to accept it by the mailed link.

    No role is attached before that, whether the address already has an account or not, and
    the inviting office sees the same pending row in both cases. Only a hash of the link's
    token is stored.
    """

    shown_on_public_pages = False
    VALID_FOR_DAYS = 14

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="role_invitations"
    )
    email = models.EmailField(_("e-mail address"))
    full_name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=40, choices=Role.choices)
    department = models.ForeignKey(
        Department,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    invited_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("invited"), auto_now_add=True)
    expires_at = models.DateTimeField(_("valid until"))

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "email", "role"],
                condition=models.Q(department__isnull=True),
                name="role_invitation_unique_without_department",
            ),
            models.UniqueConstraint(
                fields=["municipality", "email", "role", "department"],
                condition=models.Q(department__isnull=False),
                name="role_invitation_unique_with_department",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="department_liaison") | models.Q(department__isnull=False),
                name="role_invitation_liaison_has_department",
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "expires_at"]),
            models.Index(fields=["municipality", "email"]),
        ]

    def __str__(self) -> str:
        role = self.get_role_display()
        return (
            f"{self.email}: {role} ({self.department})"
            if self.department_id
            else f"{self.email}: {role}"
        )

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()
