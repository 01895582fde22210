"""Payments: a worker's request from the child's record, the approvals waiting for a coordinator or manager, one
payment with its decision, the spend report by cost code, team and month (with CSV), the finance system's export
(CSV, naming children by local ID: audited), and the cost codes with their budgets (administrators)."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from caseboard.core.audit import record_download, record_view
from caseboard.core.exports import csv_response
from caseboard.core.forms import PeriodForm, apply_validation_error
from caseboard.people.access import child_page, open_child

from . import services
from .forms import BudgetForm, CostCodeForm, DecisionForm, PaymentForm
from .models import CostCode
from .operating import financial_year, settings_on, year_label
from .selectors import (
    awaiting_approval,
    code_year,
    cost_codes_with_budgets,
    finance_export,
    payment_for,
    payments_visible_to,
    spend_report,
)


def _saved(form, run) -> bool:
    try:
        run()
    except ValidationError as error:
        apply_validation_error(form, error)
        return False
    return True


@child_page
def payment_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Request a section 17 or care leaver's payment for the child: the need, the evidence, the amount, how it is
    paid and the cost code."""
    child = open_child(request, pk, via="request a payment page")
    if not request.user.has_perm("finance.request_payment", child):
        raise PermissionDenied
    form = PaymentForm(request.POST or None, cost_codes=list(CostCode.objects.filter(is_open=True)))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["cost_code"] = form.cost_codes.get(data["cost_code"])
        if _saved(form, lambda: services.payment_request(child=child, requested_by=request.user, **data)):
            messages.success(request, "The payment is requested: it waits for approval")
            return redirect(reverse("casework:child", args=[child.pk]) + "#payments")
    limits = settings_on(timezone.localdate())
    return render(
        request,
        "finance/payment_new.html",
        {"form": form, "child": child, "heading": "Request a payment", "limits": limits},
    )


def payments(request: HttpRequest) -> HttpResponse:
    """The payments waiting for the user's approval and the latest payments for the children the user may see."""
    waiting = list(awaiting_approval(request.user)[:100])
    recent = list(
        payments_visible_to(request.user).select_related("child", "cost_code", "team").order_by("-requested_at")[:50]
    )
    record_download({p.child for p in waiting + recent}, via="payments list")
    return render(
        request,
        "finance/payments.html",
        {
            "waiting": waiting,
            "recent": recent,
            "approves": request.user.has_perm("finance.approve_payments"),
            "limits": settings_on(timezone.localdate()),
        },
    )


def payment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One payment; an approver approves or refuses it here (refused with the reason when they may not)."""
    payment = payment_for(user=request.user, pk=pk)
    if payment is None:
        raise Http404("No such payment")
    record_view(payment.child, via="payment page")
    today = timezone.localdate()
    decides = request.user.has_perm("finance.approve_payments") and payment.status == "requested"
    form = DecisionForm(request.POST or None) if decides else None
    if request.method == "POST":
        if not decides:
            raise PermissionDenied
        if form.is_valid():
            reason = form.cleaned_data["reason"]
            if "refuse" in request.POST:
                done = _saved(
                    form,
                    lambda: services.payment_refuse(payment=payment, refused_by=request.user, reason=reason),
                )
                message = "The payment is refused"
            else:
                done = _saved(
                    form,
                    lambda: services.payment_approve(payment=payment, approved_by=request.user, reason=reason),
                )
                message = "The payment is approved"
            if done:
                messages.success(request, message)
                return redirect("finance:payment", pk=payment.pk)
    return render(
        request,
        "finance/payment.html",
        {
            "payment": payment,
            "form": form,
            "problem": services.approval_problem(request.user, payment, today=today) if decides else "",
            "budget": code_year(payment.cost_code, payment.decided_on or payment.requested_on),
        },
    )


def _require_spend(request: HttpRequest) -> None:
    if not request.user.has_perm("finance.view_spend"):
        raise PermissionDenied


SPEND_HEADERS = ("Cost code", "Cost code name", "Team", "Month", "Payments", "Total (£)")


def spend(request: HttpRequest) -> HttpResponse:
    """Approved payments in a period by cost code, team and month (no child named), with each code's budget for the
    financial year the period ends in; ``?format=csv`` downloads the table."""
    _require_spend(request)
    period = PeriodForm(request.GET, today=timezone.localdate())
    first, last = period.period
    rows = spend_report(first=first, last=last)
    if request.GET.get("format") == "csv":
        return csv_response(
            f"payments-spend-{first.isoformat()}-to-{last.isoformat()}.csv",
            SPEND_HEADERS,
            [[r.code, r.code_name, r.team, r.month.strftime("%Y-%m"), r.payments, r.total] for r in rows],
        )
    year = financial_year(last)
    return render(
        request,
        "finance/spend.html",
        {
            "rows": rows,
            "form": period,
            "first": first,
            "last": last,
            "codes": cost_codes_with_budgets(year),
            "year": year_label(year),
            "total": sum((r.total for r in rows), Decimal("0.00")),
        },
    )


EXPORT_HEADERS = (
    "Payment reference",
    "Approved on",
    "Cost code",
    "Team",
    "Child's local ID",
    "Kind",
    "Paid by",
    "Amount (£)",
    "Approved by",
)


def finance_csv(request: HttpRequest) -> HttpResponse:
    """The finance system's export: every approved payment in the period, one a line, by local ID (audited)."""
    _require_spend(request)
    first, last = PeriodForm(request.GET, today=timezone.localdate()).period
    rows = finance_export(user=request.user, first=first, last=last)
    record_download({p.child for p in rows}, via="payments finance export CSV")
    return csv_response(
        f"payments-finance-{first.isoformat()}-to-{last.isoformat()}.csv",
        EXPORT_HEADERS,
        [
            [
                f"PAY-{p.pk:06d}",
                p.decided_on,
                p.cost_code.code,
                p.team.name if p.team_id else "",
                p.child.local_id,
                p.get_kind_display(),
                p.get_method_display(),
                p.amount,
                str(p.decided_by) if p.decided_by_id else "",
            ]
            for p in rows
        ],
    )


def cost_codes(request: HttpRequest) -> HttpResponse:
    """The council's cost codes with their budget, spend and remaining for a financial year (``?year=``); an
    administrator adds a code, sets a budget, and closes or opens a code."""
    keeps = request.user.has_perm("finance.keep_cost_codes")
    if not keeps and not request.user.has_perm("finance.view_spend"):
        raise PermissionDenied
    asked = request.GET.get("year", "")
    year = int(asked) if asked.isdigit() and 2000 <= int(asked) <= 2100 else financial_year(timezone.localdate())
    all_codes = list(CostCode.objects.order_by("code"))
    code_form = CostCodeForm(request.POST if "add" in request.POST else None)
    budget_form = BudgetForm(
        request.POST if "budget" in request.POST else None, cost_codes=all_codes, initial={"year": year}
    )
    if request.method == "POST":
        if not keeps:
            raise PermissionDenied
        done = False
        if "add" in request.POST and code_form.is_valid():
            done = _saved(code_form, lambda: services.cost_code_add(recorded_by=request.user, **code_form.cleaned_data))
        elif "budget" in request.POST and budget_form.is_valid():
            data = dict(budget_form.cleaned_data)
            data["cost_code"] = budget_form.cost_codes.get(data["cost_code"])
            done = _saved(budget_form, lambda: services.budget_set(recorded_by=request.user, **data))
        elif "close" in request.POST or "open" in request.POST:
            code = next((c for c in all_codes if str(c.pk) == request.POST.get("cost_code")), None)
            if code is None:
                raise Http404("No such cost code")
            services.cost_code_set_open(cost_code=code, is_open="open" in request.POST, recorded_by=request.user)
            done = True
        if done:
            messages.success(request, "The cost codes are updated")
            return redirect(reverse("finance:cost-codes") + f"?year={year}")
    bound = [f for f in (code_form, budget_form) if f.is_bound]
    return render(
        request,
        "finance/cost_codes.html",
        {
            "codes": cost_codes_with_budgets(year),
            "year": year,
            "year_label": year_label(year),
            "keeps": keeps,
            "code_form": code_form,
            "budget_form": budget_form,
            "form": bound[0] if bound else None,
        },
    )
