"""法定节假日 pages: the years the calendar holds, a year's days, and — for the
province's finance department — entering, correcting and importing a year."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from goumai.core.dates import china_today
from goumai.core.errors import DomainError
from goumai.core.spreadsheets import read_table, workbook_bytes, xlsx_response
from goumai.holidays import selectors, services
from goumai.holidays.forms import ImportForm, YearForm
from goumai.holidays.models import CalendarDay


def _lines(calendar, kind: str) -> str:
    """A year's days of one kind as the form's lines, runs of days as ranges."""
    days = [d for d in calendar.days.all() if d.kind == kind]
    lines, run = [], []
    for day in days + [None]:
        if run and (day is None or day.name != run[-1].name or (day.day - run[-1].day).days != 1):
            first, last = run[0].day, run[-1].day
            span = first.isoformat() if first == last else f"{first} 至 {last}"
            lines.append(f"{span} {run[0].name}")
            run = []
        if day is not None:
            run.append(day)
    return "\n".join(lines)


def _year_form(request, calendar=None):
    initial = {"year": china_today().year + 1}
    if calendar is not None:
        initial = {
            "year": calendar.year,
            "notice": calendar.notice,
            "holidays": _lines(calendar, CalendarDay.Kind.HOLIDAY),
            "workdays": _lines(calendar, CalendarDay.Kind.WORKDAY),
        }
    posted = request.method == "POST" and request.POST.get("form") == "year"
    return YearForm(request.POST if posted else None, initial=initial, prefix="year")


def _handle(request, form, save):
    if not services.may_keep(request.user):
        raise PermissionDenied()
    if form.is_valid():
        try:
            calendar = save(form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"{calendar.year} 年的法定节假日安排已保存。")
            return redirect("holidays:year", year=calendar.year)
    return None


@login_required
def calendar_list(request):
    keeper = services.may_keep(request.user)
    form = _year_form(request)
    upload = ImportForm(
        request.POST if request.POST.get("form") == "import" else None,
        request.FILES or None,
        prefix="import",
    )
    if request.method == "POST":
        if request.POST.get("form") == "year":
            done = _handle(
                request,
                form,
                lambda data: services.calendar_year_enter(actor=request.user, **data),
            )
        else:
            done = _handle(
                request,
                upload,
                lambda data: services.calendar_year_import(
                    actor=request.user,
                    year=data["year"],
                    notice=data["notice"],
                    table=read_table(data["file"]),
                ),
            )
        if done is not None:
            return done
    return render(
        request,
        "holidays/list.html",
        {
            "years": selectors.calendar_years(),
            "missing": selectors.missing_years(china_today()),
            "keeper": keeper,
            "form": form if keeper else None,
            "upload": upload if keeper else None,
        },
    )


@login_required
def calendar_year(request, year: int):
    calendar = selectors.calendar_year_get(year=year)
    keeper = services.may_keep(request.user)
    form = _year_form(request, calendar)
    if request.method == "POST":
        done = _handle(
            request,
            form,
            lambda data: services.calendar_year_enter(actor=request.user, **data),
        )
        if done is not None:
            return done
    return render(
        request,
        "holidays/year.html",
        {"calendar": calendar, "days": calendar.days.all(), "keeper": keeper, "form": form},
    )


@login_required
def calendar_export(request, year: int):
    calendar = selectors.calendar_year_get(year=year)
    rows = [(d.day.isoformat(), d.get_kind_display(), d.name) for d in calendar.days.all()]
    data = workbook_bytes(f"{year}年法定节假日", services.COLUMNS, rows)
    return xlsx_response(data, f"holidays-{year}.xlsx")
