"""Reading uploaded tables (Excel or CSV) safely, and writing Excel files."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from goumai.core.errors import DomainError

MAX_ROWS = 10_000
# A spreadsheet runs a cell that begins with one of these as a formula (and so can
# be made to fetch or run things).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A cell value no spreadsheet will run: text that begins like a formula gets a
    leading apostrophe; numbers, dates and empty cells are written as they are.
    Every Excel and CSV export goes through this (``workbook_bytes``, ``csv_bytes``)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@dataclass(frozen=True)
class RowError:
    row: int  # as the user sees it: the header is row 1
    column: str
    message: str

    def __str__(self) -> str:
        where = _("第 %(row)d 行") % {"row": self.row}
        if self.column:
            where += f"「{self.column}」"
        return f"{where}：{self.message}"


class ImportFailed(DomainError):
    """Nothing was imported; ``errors`` says which row and column and why."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(
            "import_failed",
            _("导入失败，共 %(n)d 处错误，未导入任何数据。") % {"n": len(errors)},
            fields={"rows": [str(error) for error in errors]},
        )
        self.errors = errors


def read_table(upload) -> list[list[str]]:
    """Rows of cell texts from an uploaded .xlsx or .csv (UTF-8 or GB18030)."""
    name = (getattr(upload, "name", "") or "").lower()
    if upload.size > settings.GOUMAI_MAX_UPLOAD_BYTES:
        raise DomainError("file_too_large", _("文件过大，不能超过 5 MB。"))
    data = upload.read()
    if name.endswith(".xlsx"):
        rows = _read_xlsx(data)
    elif name.endswith(".csv"):
        rows = _read_csv(data)
    else:
        raise DomainError("unsupported_file", _("只支持 Excel（.xlsx）或 CSV 文件。"))
    rows = [row for row in rows if any(cell for cell in row)]
    if len(rows) > MAX_ROWS + 1:
        raise DomainError("too_many_rows", _("一次最多导入 %(n)d 行。") % {"n": MAX_ROWS})
    return rows


def _read_xlsx(data: bytes) -> list[list[str]]:
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise DomainError("unreadable_file", _("文件不是有效的 Excel（.xlsx）文件。"))
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        rows = []
        for values in sheet.iter_rows(values_only=True):
            rows.append([_cell_text(value) for value in values])
            if len(rows) > MAX_ROWS + 1:
                break
        workbook.close()
        return rows
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise DomainError("unreadable_file", _("无法读取该 Excel 文件。")) from error


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_csv(data: bytes) -> list[list[str]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise DomainError("unreadable_file", _("无法识别 CSV 文件的编码（应为 UTF-8 或 GBK）。"))
    return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text))]


def header_index(header: list[str], required: list[str], optional: list[str]) -> dict[str, int]:
    """Where each known column is; raises when a required one is missing."""
    positions = {name: i for i, name in enumerate(header) if name}
    missing = [name for name in required if name not in positions]
    if missing:
        raise ImportFailed([RowError(1, "", _("缺少列：%(cols)s") % {"cols": "、".join(missing)})])
    return {name: positions[name] for name in required + optional if name in positions}


def workbook_bytes(title: str, header: list[str], rows) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    sheet.append([safe_cell(cell) for cell in header])
    for row in rows:
        sheet.append([safe_cell(cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(header: list[str], rows) -> bytes:
    """UTF-8 with a byte-order mark (so Excel reads the Chinese), formulas neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(cell) for cell in header])
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def apply_rows(rows, apply, *, columns: dict[str, str], first_row: int = 2) -> int:
    """Run ``apply(values)`` for every row inside one transaction, each in its own
    savepoint. A ``DomainError`` becomes a ``RowError`` (field errors mapped to
    column names through ``columns``); if any row failed, everything is rolled back
    and ``ImportFailed`` lists them all. Returns the number of rows applied."""
    from django.db import transaction

    errors: list[RowError] = []
    with transaction.atomic():
        for number, values in enumerate(rows, start=first_row):
            try:
                with transaction.atomic():
                    apply(values)
            except DomainError as error:
                if error.fields:
                    for field, messages in error.fields.items():
                        errors += [RowError(number, columns.get(field, ""), m) for m in messages]
                else:
                    errors.append(RowError(number, "", error.message))
        if errors:
            raise ImportFailed(errors)
    return len(rows)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(data: bytes, filename: str):
    """An Excel download; ``filename`` is ASCII."""
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response
