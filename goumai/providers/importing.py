"""Excel import and export of providers. Each row goes through ``provider_register``,
so codes are checked the same way; one bad row (or a code already registered,
in the file or before) rolls back the whole file and every problem is named."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from goumai.core.errors import DomainError, PermissionDenied
from goumai.core.roles import Sector
from goumai.core.spreadsheets import (
    ImportFailed,
    RowError,
    apply_rows,
    header_index,
    read_table,
    refuse_duplicate_keys,
    workbook_bytes,
)
from goumai.providers.disclosure import mask_id_number
from goumai.providers.models import Provider
from goumai.providers.services import may_register, provider_register
from goumai.regions.models import Region

NAME, KIND, CODE, ID_NUMBER, LEGAL_REP, PHONE, REGION, SECTORS, STAFF = (
    "名称",
    "类型",
    "统一社会信用代码",
    "居民身份证号码",
    "法定代表人",
    "联系电话",
    "注册地区划代码",
    "行业",
    "从业人员数",
)
COLUMNS = [NAME, KIND, CODE, ID_NUMBER, LEGAL_REP, PHONE, REGION, SECTORS, STAFF]
FIELD_COLUMNS = {
    "name": NAME,
    "kind": KIND,
    "credit_code": CODE,
    "id_number": ID_NUMBER,
    "region": REGION,
    "sectors": SECTORS,
    "staff_count": STAFF,
}
KIND_BY_LABEL = {label: value for value, label in Provider.Kind.choices}
SECTOR_BY_LABEL = {label: value for value, label in Sector.choices}


def _registered(kind: str | None, code: str, id_number: str, name: str) -> Provider | None:
    """The provider a row names, if already registered: by 统一社会信用代码, or an
    individual by ID number — also as the export masks it, together with the name."""
    if code:
        return Provider.objects.filter(credit_code=code.upper()).first()
    if kind != Provider.Kind.INDIVIDUAL or not id_number:
        return None
    if "*" not in id_number:
        return Provider.objects.filter(id_number=id_number.upper()).first()
    people = Provider.objects.filter(
        kind=kind,
        name=name,
        id_number__startswith=id_number[:4],
        id_number__endswith=id_number[-4:],
    )
    matches = [p for p in people[:2] if mask_id_number(p.id_number) == id_number]
    return matches[0] if len(matches) == 1 else None


def _row_of(provider: Provider) -> list:
    """A provider as the export writes it (and the import compares it)."""
    sector_labels = dict(Sector.choices)
    return [
        provider.name,
        provider.get_kind_display(),
        provider.credit_code or "",
        mask_id_number(provider.id_number),
        provider.legal_representative,
        provider.phone,
        provider.region.code if provider.region_id else "",
        "、".join(sector_labels.get(s, s) for s in provider.sectors),
        provider.staff_count,
    ]


def providers_import(*, actor, upload) -> int:
    """Register the providers of a table. A row of a provider already registered,
    the same as the registry holds (the export read back), changes nothing; one that
    differs is refused, naming the columns: after registration a provider keeps its
    own details (承接主体 portal), the registry does not overwrite them in bulk."""
    if not may_register(actor):  # before reading a byte of the file
        raise PermissionDenied(_("您没有登记承接主体的权限。"))
    rows = read_table(upload)
    if not rows:
        raise ImportFailed([RowError(1, "", _("文件中没有数据。"))])
    columns = header_index(
        rows[0],
        required=[NAME, KIND],
        optional=[CODE, ID_NUMBER, LEGAL_REP, PHONE, REGION, SECTORS, STAFF],
    )

    def cell(values, column):
        i = columns.get(column)
        return values[i].strip() if i is not None and i < len(values) and values[i] else ""

    refuse_duplicate_keys(
        [cell(v, CODE).upper() for v in rows[1:]], CODE if CODE in columns else NAME
    )
    refuse_duplicate_keys([cell(v, ID_NUMBER).upper() for v in rows[1:]], ID_NUMBER)

    def apply(values):
        errors: dict[str, list[str]] = {}
        kind = KIND_BY_LABEL.get(cell(values, KIND))
        known = _registered(kind, cell(values, CODE), cell(values, ID_NUMBER), cell(values, NAME))
        if known is not None:
            registry = dict(zip(COLUMNS, (str(v or "") for v in _row_of(known)), strict=True))
            differ = [c for c in COLUMNS if c in columns and cell(values, c) != registry[c]]
            if differ:
                raise DomainError(
                    "already_registered",
                    _("“%(n)s”已登记，本行的%(c)s与登记信息不同；登记后的信息由承接主体自行维护。")
                    % {"n": known.name, "c": "、".join(differ)},
                )
            return  # the registry's own row read back: nothing to do
        if kind is None:
            errors["kind"] = [_("类型不正确，应为：%(k)s。") % {"k": "、".join(KIND_BY_LABEL)}]
        region = None
        if code := cell(values, REGION):
            region = Region.objects.filter(code=code).first()
            if region is None:
                errors["region"] = [_("没有区划代码“%(c)s”。") % {"c": code[:12]}]
        sectors = [
            SECTOR_BY_LABEL.get(s.strip())
            for s in cell(values, SECTORS).replace("，", "、").split("、")
            if s.strip()
        ]
        if None in sectors:
            errors["sectors"] = [_("行业应为：民政、教育、农业农村、司法。")]
        staff = cell(values, STAFF)
        if staff and not staff.isdigit():
            errors["staff_count"] = [_("应为整数。")]
        if errors:
            raise DomainError("invalid_provider", "", fields=errors)
        provider_register(
            actor=actor,
            name=cell(values, NAME),
            kind=kind,
            credit_code=cell(values, CODE),
            id_number=cell(values, ID_NUMBER),
            region=region,
            legal_representative=cell(values, LEGAL_REP),
            phone=cell(values, PHONE),
            sectors=sectors,
            staff_count=int(staff) if staff else None,
        )

    return apply_rows(rows[1:], apply, columns=FIELD_COLUMNS)


def providers_export(providers: QuerySet[Provider]) -> bytes:
    """The listed providers; an individual's ID number is masked, bank details left
    out. It imports back as a no-op."""
    rows = (_row_of(p) for p in providers.select_related("region").iterator(chunk_size=1000))
    return workbook_bytes(_("承接主体"), COLUMNS, rows)
