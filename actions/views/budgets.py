"""Staff pages of an Action's budget: planned vs actual, activity costs, CSV. Everyone else gets a 404."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from actions import budgets
from actions.budget_models import ActivityCost, BudgetLine, CostCategory
from actions.forms_budget import ActivityCostForm, BudgetLineForm
from actions.models import Action, Activity
from actions.views.common import staff_view
from mieux.spreadsheets import csv_writer


def _action(code):
    return get_object_or_404(Action.objects.select_related("region", "phase"), code=code)


@staff_view
def budget_detail(request, code):
    action = _action(code)
    summary = budgets.action_budget_summary(action)
    lines = {(line.year, line.category): line for line in BudgetLine.objects.filter(action=action)}
    costs = ActivityCost.objects.filter(activity__action=action).select_related("activity").order_by("activity__start_date", "category", "id")
    form = BudgetLineForm(action=action, initial={"year": summary.years[0] if summary.years else None})
    context = {
        "action": action, "summary": summary, "rows": summary.rows(), "lines": lines, "costs": costs, "form": form,
        "categories": CostCategory.choices,
    }
    return render(request, "actions/budget.html", context)


@staff_view
def budget_line_edit(request, code):
    action = _action(code)
    form = BudgetLineForm(request.POST or None, action=action, initial=_line_initial(action, request.GET))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            budgets.budget_line_save(
                actor=request.user, action=action, year=data["year"], category=data["category"],
                planned=data["planned"], actual=data["actual"], version=data["version"],
            )
        except budgets.BudgetError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Budget line saved."))
            return redirect("actions:budget", action.code)
    return render(request, "actions/budget_line_form.html", {"action": action, "form": form})


def _line_initial(action, params):
    try:
        year = int(params.get("year", ""))
    except ValueError:
        return {}
    line = BudgetLine.objects.filter(action=action, year=year, category=params.get("category", "")).first()
    if line is None:
        return {"year": year, "category": params.get("category", ""), "version": 0}
    return {"year": line.year, "category": line.category, "planned": line.planned, "actual": line.actual, "version": line.version}


@staff_view
def activity_cost_add(request, code, pk):
    activity = get_object_or_404(Activity.objects.select_related("action"), action__code=code, pk=pk)
    form = ActivityCostForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            budgets.activity_cost_add(actor=request.user, activity=activity, **form.cleaned_data)
        except budgets.BudgetError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Cost line added."))
            return redirect("actions:budget", code)
    return render(request, "actions/activity_cost_form.html", {"action": activity.action, "activity": activity, "form": form})


@staff_view
@require_POST
def activity_cost_delete(request, code, pk):
    cost = get_object_or_404(ActivityCost, activity__action__code=code, pk=pk)
    try:
        budgets.activity_cost_delete(actor=request.user, cost=cost)
    except budgets.BudgetError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Cost line deleted."))
    return redirect("actions:budget", code)


@staff_view
def budget_csv(request, code):
    action = _action(code)
    summary = budgets.action_budget_summary(action)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="budget-{action.code}.csv"'
    writer = csv_writer(response)
    writer.writerow(["action_code", "year", "category", "planned", "activity_planned", "actual", "committed", "remaining"])
    for year, row, _total in summary.rows():
        for category, _label, cell in row:
            writer.writerow([action.code, year, category, cell.planned, cell.activity_planned, cell.actual, cell.committed, cell.remaining])
    return response
