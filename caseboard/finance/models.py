"""Section 17 payments and care leavers' discretionary payments: requested by a worker with the need and the
evidence, approved within the limits the operating model sets (a team coordinator up to an amount, a team manager up
to a higher one, a head of service above it), paid by a method, against a cost code the council keeps, with a budget
per code and financial year. Money is ``Decimal`` in pounds to the penny, never float."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from caseboard.core.audit import AuditedManager

PENNY = Decimal("0.01")


class CostCode(models.Model):
    """A cost code from the council's list (e.g. "S17-FOOD", "COVID-HSG" for COVID-19: delayed housing)."""

    code = models.CharField("Code", max_length=20, unique=True)
    name = models.CharField("Name", max_length=200)
    is_open = models.BooleanField("Open for payments", default=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    objects = AuditedManager()

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code}: {self.name}"


class Budget(models.Model):
    """The budget of one cost code for one financial year (``year`` 2020 is April 2020 to March 2021)."""

    cost_code = models.ForeignKey(CostCode, on_delete=models.CASCADE, related_name="budgets")
    year = models.PositiveIntegerField("Financial year starting in April of")
    amount = models.DecimalField("Budget (£)", max_digits=12, decimal_places=2, validators=[MinValueValidator(0)])
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    objects = AuditedManager()

    class Meta:
        ordering = ["cost_code", "year"]
        constraints = [models.UniqueConstraint(fields=["cost_code", "year"], name="finance_budget_one_per_year")]

    def __str__(self) -> str:
        return f"{self.cost_code.code} {self.year}-{(self.year + 1) % 100:02d}: £{self.amount}"


class PaymentKind(models.TextChoices):
    SECTION_17 = "section_17", "Section 17 payment"
    CARE_LEAVER = "care_leaver", "Care leaver's discretionary payment"


class PaymentMethod(models.TextChoices):
    VOUCHER = "voucher", "Voucher"
    PREPAID_CARD = "prepaid_card", "Prepaid card"
    BANK_TRANSFER = "bank_transfer", "Bank transfer"
    DIRECT_PURCHASE = "direct_purchase", "Direct purchase"


class PaymentStatus(models.TextChoices):
    REQUESTED = "requested", "Awaiting approval"
    APPROVED = "approved", "Approved"
    REFUSED = "refused", "Refused"


class Payment(models.Model):
    """A payment for a child or care leaver, from its request to its approval or refusal."""

    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="payments")
    team = models.ForeignKey("accounts.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("Kind of payment", max_length=20, choices=PaymentKind.choices)
    need = models.TextField("What the payment is for")
    evidence = models.TextField("Evidence that it is needed")
    amount = models.DecimalField("Amount (£)", max_digits=8, decimal_places=2)
    method = models.CharField("Paid by", max_length=20, choices=PaymentMethod.choices)
    cost_code = models.ForeignKey(CostCode, on_delete=models.PROTECT, related_name="payments")
    requested_on = models.DateField("Requested on")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    status = models.CharField(max_length=20, choices=PaymentStatus.choices, default=PaymentStatus.REQUESTED)
    approver_role = models.CharField("Approved by (role)", max_length=40)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    decision_reason = models.TextField("Reason", blank=True)

    objects = AuditedManager()

    class Meta:
        ordering = ["-requested_on", "-pk"]
        indexes = [models.Index(fields=["status", "decided_on"], name="finance_payment_status_day")]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="finance_payment_positive")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of £{self.amount}"

    @property
    def approver_role_label(self) -> str:
        from caseboard.accounts.models import Role

        return dict(Role.choices).get(self.approver_role, self.approver_role)


class FinanceSettings(models.Model):
    """The approval limits under one operating-model version (a settings section)."""

    version = models.OneToOneField(
        "policy.OperatingModelVersion", on_delete=models.CASCADE, related_name="finance_settings"
    )
    coordinator_limit = models.DecimalField(
        "Team coordinator approves payments up to (£)",
        max_digits=8,
        decimal_places=2,
        default=Decimal("50.00"),
        validators=[MinValueValidator(0)],
    )
    manager_limit = models.DecimalField(
        "Team manager approves payments up to (£); a head of service above it",
        max_digits=8,
        decimal_places=2,
        default=Decimal("250.00"),
        validators=[MinValueValidator(0)],
    )

    objects = AuditedManager()

    def __str__(self) -> str:
        return "Payments"


FINANCE_SETTINGS_FIELDS = ("coordinator_limit", "manager_limit")
