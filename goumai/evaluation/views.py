"""The evaluation page of a project (/projects/<id>/evaluation/): one page where the
purchaser organises the evaluation, each party scores, and everyone who may see it
reads the breakdown. A third-party evaluator and the provider reach it through
their assignment or contract, never through the project list."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from goumai.accounts.models import OrgUnit
from goumai.audit.services import audited
from goumai.core import rounding
from goumai.core.dates import add_years
from goumai.core.errors import DomainError, NotFound
from goumai.core.jurisdiction import Jurisdiction
from goumai.core.net import client_address
from goumai.core.replica import reads_from_replica
from goumai.core.roles import Sector, sector_choices_for
from goumai.core.spreadsheets import header_index, read_table, workbook_bytes, xlsx_response
from goumai.evaluation import flags, formulas, importing, reports, selectors, services, surveys
from goumai.evaluation.models import Evaluation, Evidence, Framework, Grade, Part, Rule
from goumai.notifications.services import latest_unread
from goumai.projects import lifecycle
from goumai.projects.models import Project
from goumai.projects.selectors import project_get
from goumai.providers.performance import bars_in_reach, can_lift_bar, performance_bar_lift
from goumai.regions.models import Region


def _rows(evaluation: Evaluation, scorings: dict) -> list[dict]:
    by_id = {i.pk: i for i in evaluation.framework.indicators.all()}
    leaves = {
        part: {leaf.indicator_id: leaf for leaf in scoring.leaves.all()}
        for part, scoring in scorings.items()
    }
    rows = []
    for indicator, points in services.leaves_of(evaluation.framework):
        names, node = [], indicator
        while node is not None:
            names.append(node.name)
            node = by_id.get(node.parent_id)
        preview = None
        if indicator.rule == Rule.FORMULA and evaluation.status == Evaluation.Status.OPEN:
            preview = formulas.compute(indicator.formula, evaluation)
        rows.append(
            {
                "indicator": indicator,
                "path": " › ".join(reversed(names)),
                "points": rounding.points(points),
                "preview": preview,
                "scores": [leaves[part].get(indicator.pk) for part in scorings],
            }
        )
    return rows


def _page(request, project_id: int):
    """(evaluation or None, project). A purchaser may see an accepted project
    without an evaluation yet; anyone else needs the evaluation itself."""
    evaluation = selectors.evaluation_find(actor=request.user, project_id=project_id)
    if evaluation is not None:
        return evaluation, evaluation.project
    return None, project_get(actor=request.user, project_id=project_id)


@login_required
def evaluation_page(request, project_id: int):
    evaluation, project = _page(request, project_id)
    context = {"project": project, "evaluation": evaluation}
    context["is_purchaser"] = is_purchaser = lifecycle.is_purchaser(request.user, project)
    if evaluation is None:
        context["can_open"] = is_purchaser and project.status == Project.Status.ACCEPTED
        return render(request, "evaluation/page.html", context)
    scorings = {s.part: s for s in evaluation.scorings.all() if s.submitted_at is not None}
    open_ = evaluation.status == Evaluation.Status.OPEN
    mine = [p for p in services.parts_of(request.user, evaluation) if p not in scorings]
    count, satisfaction = formulas.satisfaction_score(evaluation)
    context |= {
        "open": open_,
        "parts": [(p, Part(p).label) for p in scorings],
        "scorings": list(scorings.values()),
        "rows": _rows(evaluation, scorings),
        "my_parts": [(p, Part(p).label) for p in mine] if open_ else [],
        "answers": count,
        "flags": list(evaluation.flags.all()) if not request.user.provider_id else [],
        "satisfaction": satisfaction,
        "agencies": list(
            OrgUnit.objects.filter(kind=OrgUnit.Kind.EVALUATOR, is_active=True).order_by("name")
        )
        if is_purchaser and open_
        else [],
    }
    return render(request, "evaluation/page.html", context)


def _act(request, project_id: int, action, success: str):
    try:
        action()
    except DomainError as error:
        messages.error(request, error.message)
        details = [m for ms in error.fields.values() for m in ms if m not in error.message]
        for message in details[:5]:
            messages.error(request, message)
    else:
        messages.success(request, success)
    return redirect("projects:evaluation", project_id=project_id)


def _evaluation(request, project_id: int) -> Evaluation:
    return selectors.evaluation_get(actor=request.user, project_id=project_id)


@login_required
@require_POST
def open_view(request, project_id: int):
    project = project_get(actor=request.user, project_id=project_id)
    return _act(
        request,
        project_id,
        lambda: services.evaluation_open(actor=request.user, project=project),
        "已开展绩效评价。",
    )


@login_required
@require_POST
def facts_view(request, project_id: int):
    evaluation = _evaluation(request, project_id)
    return _act(
        request,
        project_id,
        lambda: services.evaluation_set_facts(
            actor=request.user,
            evaluation=evaluation,
            people_served=request.POST.get("people_served") or None,
            quantity_delivered=request.POST.get("quantity_delivered") or None,
        ),
        "已保存实际完成情况。",
    )


@login_required
@require_POST
def assign_view(request, project_id: int):
    evaluation = _evaluation(request, project_id)
    chosen = request.POST.get("third_party") or ""
    agency = None
    if chosen:
        agency = OrgUnit.objects.filter(pk=chosen if chosen.isdigit() else 0).first()
        if agency is None:
            raise NotFound()
    return _act(
        request,
        project_id,
        lambda: services.evaluation_assign(
            actor=request.user, evaluation=evaluation, third_party=agency
        ),
        "已更新第三方评价机构。" if agency else "已取消委托第三方评价。",
    )


def parse_answer_lines(text: str) -> list[dict]:
    """One answer a line: four ratings, then an optional comment (“5 4 4 5 很好”)."""
    rows = []
    for line in text.splitlines():
        if not line.strip():
            continue
        words = line.replace("，", " ").replace(",", " ").split()
        rows.append(
            {
                **dict(zip(services.RATINGS, words[:4], strict=False)),
                "comment": " ".join(words[4:]),
            }
        )
    return rows


@login_required
@require_POST
def answers_view(request, project_id: int):
    evaluation = _evaluation(request, project_id)
    rows = parse_answer_lines(request.POST.get("lines", ""))
    return _act(
        request,
        project_id,
        lambda: services.survey_answers_enter(actor=request.user, evaluation=evaluation, rows=rows),
        f"已录入 {len(rows)} 份纸质答卷。",
    )


@login_required
@require_POST
def score_view(request, project_id: int, part: str):
    evaluation = _evaluation(request, project_id)
    leaves = {}
    for indicator, _points in services.leaves_of(evaluation.framework):
        prefix = f"leaf_{indicator.pk}"
        leaves[indicator.pk] = {
            "value": request.POST.get(f"{prefix}_value") or None,
            "level": request.POST.get(f"{prefix}_level") or None,
            "note": request.POST.get(f"{prefix}_note", ""),
        }
    label = Part(part).label if part in Part.values else part

    @audited()
    def submit():
        # The scores and their evidence files are kept together or not at all.
        services.scoring_submit(
            actor=request.user,
            evaluation=evaluation,
            part=part,
            leaves=leaves,
            comment=request.POST.get("comment", ""),
        )
        for indicator_id in leaves:
            for upload in request.FILES.getlist(f"leaf_{indicator_id}_file")[:5]:
                services.evidence_add(
                    actor=request.user,
                    evaluation=evaluation,
                    part=part,
                    indicator_id=indicator_id,
                    upload=upload,
                )

    return _act(request, project_id, submit, f"“{label}”已提交。")


@login_required
@require_POST
def evidence_upload_view(request, project_id: int, part: str, indicator_id: int):
    evaluation = _evaluation(request, project_id)
    return _act(
        request,
        project_id,
        lambda: services.evidence_add(
            actor=request.user,
            evaluation=evaluation,
            part=part,
            indicator_id=indicator_id,
            upload=request.FILES.get("file") or _missing_file(),
        ),
        "已上传佐证材料。",
    )


def _missing_file():
    raise DomainError("file_required", "请选择文件。")


@login_required
def evidence_download_view(request, project_id: int, evidence_id: int):
    """Anyone who may see the evaluation may read its evidence; nobody else."""
    evaluation = _evaluation(request, project_id)
    evidence = Evidence.objects.filter(pk=evidence_id, leaf__scoring__evaluation=evaluation).first()
    if evidence is None:
        raise NotFound()
    response = FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def flags_page(request):
    """Formality flags in the reviewer's jurisdiction, to look into and clear."""
    if not flags.is_reviewer(request.user):
        raise PermissionDenied()
    cleared = request.GET.get("cleared") == "1"
    page = Paginator(flags.flag_list(actor=request.user, cleared=cleared), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "evaluation/flags.html", {"page": page, "cleared": cleared})


@login_required
@require_POST
def flag_clear_view(request, flag_id: int):
    flag = flags.flag_list(actor=request.user).filter(pk=flag_id).first()
    if flag is None:
        raise NotFound()
    try:
        flags.flag_clear(actor=request.user, flag=flag, note=request.POST.get("note", ""))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "预警已处理。")
    return redirect("projects:evaluation_flags")


@login_required
@require_POST
def finish_view(request, project_id: int):
    evaluation = _evaluation(request, project_id)
    return _act(
        request,
        project_id,
        lambda: services.evaluation_finish(actor=request.user, evaluation=evaluation),
        "绩效评价已完成，项目进入“已评价”。",
    )


@login_required
def assignments_page(request):
    """A third-party agency's work list."""
    return render(
        request,
        "evaluation/assignments.html",
        {
            "evaluations": selectors.assigned_evaluations(actor=request.user)[:500],
            "latest_notifications": latest_unread(request.user),
        },
    )


# --- survey codes, Excel answers ------------------------------------------------------------


@login_required
@require_POST
def codes_view(request, project_id: int):
    """Issue codes and show the printable sheet, once (only hashes are kept)."""
    evaluation = _evaluation(request, project_id)
    raw = request.POST.get("count", "")
    try:
        codes = surveys.survey_codes_issue(
            actor=request.user,
            evaluation=evaluation,
            count=int(raw) if raw.strip().isdigit() else -1,
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("projects:evaluation", project_id=project_id)
    base = request.build_absolute_uri("/s/")
    sheet = [
        {
            "code": surveys.pretty(code),
            "qr": segno.make(f"{base}{code}/", error="m").svg_inline(scale=3, border=1),
        }
        for code in codes
    ]
    return render(
        request,
        "evaluation/code_sheet.html",
        {"project": evaluation.project, "sheet": sheet, "base": base},
    )


ANSWER_COLUMNS = {
    "总体满意度": "overall",
    "服务质量": "quality",
    "服务及时性": "timeliness",
    "服务态度": "attitude",
}


@login_required
@require_POST
def answers_import_view(request, project_id: int):
    evaluation = _evaluation(request, project_id)

    def run():
        upload = request.FILES.get("file")
        if upload is None:
            raise DomainError("file_required", "请选择 Excel 文件。")
        table = read_table(upload)
        if not table:
            raise DomainError("empty_file", "文件中没有数据。")
        where = header_index(table[0], list(ANSWER_COLUMNS), ["意见建议"])
        rows = [
            {
                **{
                    field: row[where[col]] if where[col] < len(row) else ""
                    for col, field in ANSWER_COLUMNS.items()
                },
                "comment": row[where["意见建议"]]
                if "意见建议" in where and where["意见建议"] < len(row)
                else "",
            }
            for row in table[1:]
        ]
        return services.survey_answers_enter(
            actor=request.user,
            evaluation=evaluation,
            rows=rows,
            source="import",
            first_row=2,
        )

    return _act(request, project_id, run, "已导入满意度答卷。")


@login_required
def answers_template_view(request, project_id: int):
    _evaluation(request, project_id)
    header = [*ANSWER_COLUMNS, "意见建议"]
    data = workbook_bytes("满意度答卷", header, [[5, 5, 4, 5, "示例：服务很及时（请删除本行）"]])
    return xlsx_response(data, "survey-answers.xlsx")


# --- the public survey ----------------------------------------------------------------------


def _address(request) -> str:
    return client_address(request)


def survey_start(request):
    """Typing a code from a paper slip."""
    code = surveys.normalize(request.GET.get("code", ""))
    if code:
        return redirect("survey:answer", code=code)
    return render(request, "evaluation/survey.html", {"ask_code": True})


def survey_answer(request, code: str):
    """The survey itself: no login, four questions, one tap each."""
    address = _address(request)
    try:
        evaluation = surveys.survey_code_find(code=code, address=address)
    except DomainError as error:
        return render(
            request,
            "evaluation/survey.html",
            {"error": error.message, "ask_code": True},
            status=error.status,
        )
    if request.method == "POST":
        ratings = {name: request.POST.get(name, "") for name in services.RATINGS}
        try:
            surveys.survey_answer_submit(
                code=code, address=address, ratings=ratings, comment=request.POST.get("comment", "")
            )
        except DomainError as error:
            return render(
                request,
                "evaluation/survey.html",
                {
                    "evaluation": evaluation,
                    "error": error.message,
                    "questions": QUESTIONS,
                    "code": code,
                },
                status=error.status,
            )
        return render(request, "evaluation/survey.html", {"thanks": True})
    return render(
        request,
        "evaluation/survey.html",
        {"evaluation": evaluation, "questions": QUESTIONS, "code": code},
    )


QUESTIONS = [
    ("overall", "总体上，您对这项服务满意吗？"),
    ("quality", "服务的质量怎么样？"),
    ("timeliness", "服务是否及时、按约定时间提供？"),
    ("attitude", "服务人员的态度怎么样？"),
]


# --- reports --------------------------------------------------------------------------------

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def _download(report, fmt: str, filename: str) -> HttpResponse:
    data = reports.to_docx(report) if fmt == "docx" else reports.to_pdf(report)
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}.{fmt}"
    return response


@login_required
def project_report_view(request, project_id: int, fmt: str):
    evaluation = _evaluation(request, project_id)
    if fmt not in CONTENT_TYPES:
        raise NotFound()
    return _download(
        reports.project_report(evaluation), fmt, f"evaluation-{evaluation.project.code}"
    )


def _summary(request):
    if Jurisdiction.of(request.user).is_empty:
        raise NotFound()
    g = request.GET
    year = int(g["year"]) if g.get("year", "").isdigit() else None
    region = g.get("region", "").strip() if g.get("region", "").strip().isdigit() else None
    sector = g.get("sector") if g.get("sector") in Sector.values else None
    evaluations = reports.finished_evaluations(
        actor=request.user, year=year, region_code=region, sector=sector
    )
    figures = reports.summary_figures(evaluations.iterator(chunk_size=2000))
    parts = [str(year) + " 年" if year else "历年"]
    if region:
        found = Region.objects.filter(code=region).first()
        parts.append(found.name if found else region)
    if sector:
        parts.append(Sector(sector).label)
    title = "绩效评价汇总报告（" + "，".join(parts) + "）"
    return figures, title, {"year": year, "region": region, "sector": sector}


@login_required
@reads_from_replica
def summary_page(request):
    figures, title, filters = _summary(request)
    chart = {k: figures[k] for k in ("grades", "by_county", "by_sector", "by_kind", "years")}
    chart["grade_labels"] = [label for _g, label in reports.GRADES]
    return render(
        request,
        "evaluation/summary.html",
        {
            "figures": figures,
            "rows": figures["rows"][:200],
            "title": title,
            "filters": filters,
            "chart": chart,
            "sectors": sector_choices_for(request.user),
            "query": request.GET.urlencode(),
        },
    )


@login_required
@reads_from_replica
def summary_download(request, fmt: str):
    if fmt not in CONTENT_TYPES:
        raise NotFound()
    figures, title, _filters = _summary(request)
    return _download(reports.summary_report(figures, title=title), fmt, "evaluation-summary")


# --- frameworks, policy, bars ---------------------------------------------------------------


@login_required
def frameworks_page(request):
    return render(request, "evaluation/frameworks.html", {"frameworks": selectors.framework_list()})


@login_required
def framework_page(request, framework_id: int):
    framework = selectors.framework_get(framework_id=framework_id)
    rows = importing.export_rows(services.tree_of(framework))
    versions = Framework.objects.filter(key=framework.key).order_by("-version")
    return render(
        request,
        "evaluation/framework.html",
        {
            "framework": framework,
            "rows": rows,
            "versions": versions,
            "can_edit": framework.is_current
            and services.can_edit_framework(
                request.user,
                region=framework.region,
                sector=framework.sector,
                item=framework.catalog_item,
            ),
        },
    )


@login_required
def framework_export(request, framework_id: int):
    framework = selectors.framework_get(framework_id=framework_id)
    rows = importing.export_rows(services.tree_of(framework))
    data = workbook_bytes("指标体系", importing.COLUMNS, rows)
    return xlsx_response(data, f"framework-{framework.pk}-v{framework.version}.xlsx")


@login_required
@require_POST
def framework_import(request, framework_id: int):
    framework = selectors.framework_get(framework_id=framework_id)
    try:
        upload = request.FILES.get("file")
        if upload is None:
            raise DomainError("file_required", "请选择 Excel 文件。")
        nodes = importing.parse(read_table(upload))
        saved = services.framework_replace(
            actor=request.user,
            framework=framework,
            nodes=nodes,
            change_note=request.POST.get("change_note", ""),
        )
    except DomainError as error:
        messages.error(request, error.message)
        for message in [m for ms in error.fields.values() for m in ms][:10]:
            messages.error(request, message)
        return redirect("projects:evaluation_framework", framework_id=framework.pk)
    if saved.pk != framework.pk:
        messages.success(request, f"已生成第 {saved.version} 版；已完成的评价仍按原版本计分。")
    else:
        messages.success(request, "已保存（该版本尚未被评价使用，直接修改）。")
    return redirect("projects:evaluation_framework", framework_id=saved.pk)


@login_required
def policy_page(request):
    rules = services.policy()
    can_edit = services.can_set_policy(request.user)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied()
        values = {name: request.POST.get(name, "") for name in services.POLICY_FIELDS}
        advice = {
            grade: {
                "action": request.POST.get(f"advice_{grade}_action", ""),
                "percent": request.POST.get(f"advice_{grade}_percent", "0") or "0",
            }
            for grade in Grade.values
        }
        try:
            services.policy_update(actor=request.user, budget_advice=advice, **values)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "绩效评价规则已保存。")
            return redirect("projects:evaluation_policy")
    advice = [
        (grade, label, services.budget_advice(rules, grade)) for grade, label in Grade.choices
    ]
    fields = [
        (name, rules._meta.get_field(name).verbose_name, getattr(rules, name))
        for name in services.POLICY_FIELDS
    ]
    return render(
        request,
        "evaluation/policy.html",
        {"fields": fields, "advice": advice, "can_edit": can_edit, "actions": ADVICE_LABELS},
    )


ADVICE_LABELS = [("grow", "增加"), ("keep", "保持"), ("cut", "压减"), ("stop", "停止安排")]


@login_required
def bars_page(request):
    """差 records in the county: the bar, when it ends, and who lifted it and why."""
    records = bars_in_reach(request.user)
    if request.method == "POST":
        record = records.filter(pk=request.POST.get("record") or 0).first()
        if record is None:
            raise NotFound()
        try:
            performance_bar_lift(
                actor=request.user, record=record, reason=request.POST.get("reason", "")
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "已解除限制，理由将随评价结果公开。")
        return redirect("projects:evaluation_bars")
    page = Paginator(records.order_by("-evaluated_on", "-id"), 50).get_page(request.GET.get("page"))
    for record in page:
        record.can_lift = not record.override_reason and can_lift_bar(request.user, record)
        record.until = add_years(record.evaluated_on, 1)
    return render(request, "evaluation/bars.html", {"page": page})
