"""目标考核 pages: the years, a year's indicators and ranking, a subject's scores,
and the Excel and Word downloads."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from goumai.core.dates import china_today
from goumai.core.errors import DomainError
from goumai.core.forms import DomainErrorFormMixin
from goumai.core.spreadsheets import xlsx_response
from goumai.documents.services import documents_of, response
from goumai.supervision import assessing, assessment_report, selectors
from goumai.supervision.assessment import SOURCES
from goumai.supervision.models import AssessmentIndicator, AssessmentScore

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CreateForm(DomainErrorFormMixin, forms.Form):
    year = forms.IntegerField(label="考核年度", min_value=2020, max_value=2100)
    as_of = forms.DateField(label="数据截止日期", widget=DATE, help_text="指标按此日的数据计算")


class IndicatorForm(DomainErrorFormMixin, forms.Form):
    name = forms.CharField(label="指标名称", max_length=60)
    weight = forms.CharField(label="分值", max_length=8)
    applies_to = forms.ChoiceField(label="适用对象", choices=AssessmentIndicator.Applies.choices)


class ScoreForm(DomainErrorFormMixin, forms.Form):
    points = forms.CharField(label="得分", max_length=8)
    file = forms.FileField(label="佐证文件（可选）", required=False)
    evidence = forms.CharField(
        label="佐证材料",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="写明依据的文件、报表或核查情况",
    )


@login_required
def assessment_list_page(request):
    manager = assessing.may_manage(request.user)
    form = CreateForm(
        request.POST if request.method == "POST" else None,
        initial={"year": china_today().year - 1, "as_of": china_today()},
    )
    if request.method == "POST":
        if not manager:
            raise PermissionDenied()
        if form.is_valid():
            try:
                made = assessing.assessment_create(actor=request.user, **form.cleaned_data)
            except DomainError as error:
                form.add_domain_error(error)
            else:
                messages.success(request, f"{made.year} 年度目标考核已建立。")
                return redirect("assessment:year", year=made.year)
    return render(
        request,
        "supervision/assessment_list.html",
        {
            "assessments": selectors.assessment_list(actor=request.user),
            "form": form if manager else None,
        },
    )


@login_required
def assessment_page(request, year: int):
    assessment, subjects = selectors.assessment_get(actor=request.user, year=year)
    manager = assessing.may_manage(request.user)
    action = request.POST.get("form") if request.method == "POST" else None
    if action is not None and not manager:
        raise PermissionDenied()
    add = IndicatorForm(request.POST if action == "add" else None, initial={"applies_to": "both"})
    try:
        if action == "compute":
            assessing.assessment_compute(actor=request.user, assessment=assessment)
            messages.success(request, "已按平台数据计算考核得分。")
            return redirect("assessment:year", year=year)
        if action == "finalize":
            assessing.assessment_finalize(actor=request.user, assessment=assessment)
            messages.success(request, "考核结果已定稿。")
            return redirect("assessment:year", year=year)
        if action == "weight":
            indicator = assessment.indicators.get(pk=request.POST.get("indicator"))
            assessing.indicator_set_weight(
                actor=request.user, indicator=indicator, weight=request.POST.get("weight", "")
            )
            messages.success(request, f"“{indicator.name}”的分值已修改，请重新计算。")
            return redirect("assessment:year", year=year)
        if action == "add" and add.is_valid():
            try:
                assessing.indicator_add(
                    actor=request.user, assessment=assessment, **add.cleaned_data
                )
            except DomainError as error:
                add.add_domain_error(error)
            else:
                messages.success(request, "人工评分指标已添加。")
                return redirect("assessment:year", year=year)
    except AssessmentIndicator.DoesNotExist:
        raise PermissionDenied() from None
    except DomainError as error:
        if action == "add":
            add.add_domain_error(error)
        else:
            messages.error(request, error.message)
    header, rows = assessment_report.table(assessment, subjects)
    return render(
        request,
        "supervision/assessment.html",
        {
            "assessment": assessment,
            "indicators": [
                (i, "人工评分（凭佐证材料）" if i.is_manual else "平台数据计算")
                for i in assessment.indicators.all()
            ],
            "header": header,
            "rows": [(subject, row) for subject, row in zip(subjects, rows, strict=True)],
            "manager": manager,
            "editable": manager and assessment.status != "final",
            "add_form": add,
        },
    )


@login_required
def subject_page(request, year: int, subject_id: int):
    subject = selectors.subject_get(actor=request.user, year=year, subject_id=subject_id)
    assessment = subject.assessment
    editable = assessing.may_manage(request.user) and assessment.status == "computed"
    posted = request.POST.get("indicator") if request.method == "POST" else None
    if posted is not None and not editable:
        raise PermissionDenied()
    scores = {s.indicator_id: s for s in subject.scores.all()}
    rows = []
    for indicator in assessment.indicators.all():
        if indicator.applies_to not in ("both", subject.kind):
            continue
        score = scores.get(indicator.pk)
        form = None
        if editable and indicator.is_manual:
            bound = posted == str(indicator.pk)
            form = ScoreForm(
                request.POST if bound else None,
                request.FILES if bound else None,
                prefix=f"i{indicator.pk}",
                initial={
                    "points": score.points if score else "",
                    "evidence": score.evidence if score else "",
                },
            )
            if bound and form.is_valid():
                try:
                    assessing.manual_score(
                        actor=request.user,
                        subject=subject,
                        indicator=indicator,
                        points=form.cleaned_data["points"],
                        evidence=form.cleaned_data["evidence"],
                        upload=form.cleaned_data.get("file"),
                    )
                except DomainError as error:
                    form.add_domain_error(error)
                else:
                    messages.success(request, f"“{indicator.name}”已评分。")
                    return redirect("assessment:subject", year=year, subject_id=subject.pk)
        rows.append(
            {
                "files": documents_of(score) if score else [],
                "indicator": indicator,
                "source": SOURCES.get(indicator.source, ""),
                "score": score,
                "form": form,
            }
        )
    return render(
        request,
        "supervision/assessment_subject.html",
        {"assessment": assessment, "subject": subject, "rows": rows},
    )


@login_required
def assessment_download(request, year: int, fmt: str):
    assessment, subjects = selectors.assessment_get(actor=request.user, year=year)
    if fmt == "xlsx":
        return xlsx_response(
            assessment_report.workbook(assessment, subjects), f"assessment-{year}.xlsx"
        )
    response = HttpResponse(assessment_report.word(assessment, subjects), content_type=DOCX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''assessment-{year}.docx"
    return response


@login_required
def score_file(request, year: int, score_id: int, document_id: int):
    """A manual score's evidence file, for whoever may see the subject."""
    score = get_object_or_404(AssessmentScore, pk=score_id, subject__assessment__year=year)
    selectors.subject_get(actor=request.user, year=year, subject_id=score.subject_id)
    return response(get_object_or_404(documents_of(score), pk=document_id))
