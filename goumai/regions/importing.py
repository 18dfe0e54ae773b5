"""Import and export of township attributes (合并前单位数, 常住人口, 片区).

The import is all-or-nothing: every row is checked first and, if any is wrong,
nothing is written and each problem is named by row and column. A blank cell
leaves that attribute as it is.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from goumai.audit.services import audited
from goumai.core import progress
from goumai.core.errors import PermissionDenied
from goumai.core.spreadsheets import (
    PROGRESS_EVERY,
    ImportFailed,
    RowError,
    header_index,
    read_table,
    workbook_bytes,
)
from goumai.regions.models import Region
from goumai.regions.selectors import region_list
from goumai.regions.services import (
    can_edit_township,
    may_edit_townships,
    township_profile_update,
    validate_township_profile,
)

CODE, NAME, MERGED, POPULATION, AREAS = "乡镇代码", "乡镇名称", "合并前单位数", "常住人口", "片区"
COLUMNS = [CODE, NAME, MERGED, POPULATION, AREAS]
AREA_SEPARATORS = re.compile(r"[、，,;；\n]+")
FIELD_COLUMNS = {"merged_unit_count": MERGED, "population": POPULATION, "service_areas": AREAS}


def _integer(text: str, column: str, row: int, errors: list[RowError]) -> int | None:
    if not text:
        return None
    try:
        return int(text.replace(",", ""))
    except ValueError:
        errors.append(RowError(row, column, _("应为整数，实为“%(v)s”。") % {"v": text[:20]}))
        return None


@audited()
def township_profiles_import(*, actor, upload) -> int:
    """Apply a table of township attributes; returns how many townships changed."""
    if not may_edit_townships(actor):  # before reading a byte of the file
        raise PermissionDenied(_("您没有维护乡镇（街道）信息的权限。"))
    rows = read_table(upload)
    if not rows:
        raise ImportFailed([RowError(1, "", _("文件中没有数据。"))])
    columns = header_index(rows[0], required=[CODE], optional=[NAME, MERGED, POPULATION, AREAS])

    def cell(values: list[str], column: str) -> str:
        i = columns.get(column)
        return values[i].strip() if i is not None and i < len(values) else ""

    codes = [cell(values, CODE) for values in rows[1:]]
    townships = {
        t.code: t
        for t in region_list(actor=actor, level=Region.Level.TOWNSHIP)
        .filter(code__in=codes)
        .prefetch_related("service_areas")
    }
    errors: list[RowError] = []
    plan = []
    seen: dict[str, int] = {}
    for row, values in enumerate(rows[1:], start=2):
        if row % PROGRESS_EVERY == 0:
            progress.report(row - 2, len(rows) - 1)  # checking: nothing written yet
        code = cell(values, CODE)
        township = townships.get(code)
        if not code:
            errors.append(RowError(row, CODE, _("不能为空。")))
            continue
        if township is None:
            errors.append(
                RowError(
                    row, CODE, _("“%(code)s”不是您管辖范围内的乡镇（街道）。") % {"code": code[:12]}
                )
            )
            continue
        if code in seen:
            errors.append(RowError(row, CODE, _("与第 %(row)d 行重复。") % {"row": seen[code]}))
            continue
        seen[code] = row
        name = cell(values, NAME)
        if name and name != township.name:
            errors.append(
                RowError(row, NAME, _("与代码不符，该代码是“%(name)s”。") % {"name": township.name})
            )
        if not can_edit_township(actor, township):
            errors.append(RowError(row, CODE, _("您没有维护该乡镇属性的权限。")))
            continue
        merged_text, population_text, areas_text = (
            cell(values, MERGED),
            cell(values, POPULATION),
            cell(values, AREAS),
        )
        merged = (
            _integer(merged_text, MERGED, row, errors)
            if merged_text
            else township.merged_unit_count
        )
        population = (
            _integer(population_text, POPULATION, row, errors)
            if population_text
            else township.population
        )
        areas = (
            [a.strip() for a in AREA_SEPARATORS.split(areas_text) if a.strip()]
            if areas_text
            else None
        )
        field_errors = validate_township_profile(
            merged_unit_count=merged, population=population, service_areas=areas or []
        )
        for field, messages in field_errors.items():
            errors += [RowError(row, FIELD_COLUMNS[field], message) for message in messages]
        plan.append((township, merged, population, areas))
    if errors:
        raise ImportFailed(errors)
    for done, (township, merged, population, areas) in enumerate(plan, start=1):
        if done % PROGRESS_EVERY == 0 or done == len(plan):
            progress.report(done, len(plan))
        township_profile_update(
            actor=actor,
            township=township,
            merged_unit_count=merged,
            population=population,
            service_areas=areas,
        )
    return len(plan)


def township_profiles_export(*, actor) -> bytes:
    """The actor's townships as a workbook that the import reads back unchanged."""
    townships = region_list(actor=actor, level=Region.Level.TOWNSHIP).prefetch_related(
        "service_areas"
    )
    rows = (
        [
            t.code,
            t.name,
            t.merged_unit_count,
            t.population,
            "、".join(area.name for area in t.service_areas.all()),
        ]
        for t in townships.iterator(chunk_size=1000)
    )
    return workbook_bytes("乡镇属性", COLUMNS, rows)
