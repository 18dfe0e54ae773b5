"""Reading uploaded tables (Excel or CSV) safely, and writing Excel files."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.utils import column_index_from_string

from goumai.core import progress
from goumai.core.errors import DomainError

MAX_ROWS = 10_000
MAX_COLUMNS = 100
MAX_CELLS = 400_000
# Declared sizes inside the .xlsx (a zip): what the parts would take once unpacked.
# zipfile never unpacks more than a member declares, so these bound the work.
MAX_UNPACKED_BYTES = 20 * 1024 * 1024
MAX_SHARED_STRINGS_BYTES = 10 * 1024 * 1024
PROGRESS_EVERY = 25  # rows between two progress reports of an import
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


def upload_bytes(upload) -> bytes:
    """The uploaded file's bytes, refused unread when it is over the size limit."""
    if upload.size > settings.GOUMAI_MAX_UPLOAD_BYTES:
        raise DomainError("file_too_large", _("文件过大，不能超过 5 MB。"))
    return upload.read()


def read_table(upload) -> list[list[str]]:
    """Rows of cell texts from an uploaded .xlsx or .csv (UTF-8 or GB18030)."""
    name = (getattr(upload, "name", "") or "").lower()
    data = upload_bytes(upload)
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


def count_rows(name: str, data: bytes) -> int:
    """About how many rows a file holds, without parsing it (to decide whether its
    import runs now or in the background): lines of a CSV, ``<row`` elements of a
    workbook's first sheet, read in pieces. 0 when the file cannot be read; the
    import itself then says why."""
    if not name.lower().endswith(".xlsx"):
        return data.count(b"\n") + 1
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        sheet = _first_sheet(archive.namelist())
        if sheet is None:
            return 0
        rows, tail = 0, b""
        with archive.open(sheet) as stream:
            read = 0
            while chunk := stream.read(1 << 16):
                read += len(chunk)
                if read > MAX_UNPACKED_BYTES:
                    break
                rows += (tail + chunk).count(b"<row")  # also one cut in two
                tail = chunk[-3:]
        return rows
    except (zipfile.BadZipFile, ValueError, OSError, RuntimeError):
        return 0


def _first_sheet(names: list[str]) -> str | None:
    """The part holding a workbook's first worksheet, among the zip's member names."""
    sheets = sorted(n for n in names if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n))
    return sheets[0] if sheets else None


def _too_big(message: str) -> DomainError:
    return DomainError("file_too_complex", message)


def inspect_xlsx(data: bytes) -> None:
    """Refuse, before parsing, a workbook that would take too much memory or time:
    the zip directory says how big each part unpacks to, and the first sheet says
    its dimensions. Milliseconds, whatever the file holds."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise DomainError("unreadable_file", _("文件不是有效的 Excel（.xlsx）文件。")) from error
    if not any(m.filename == "[Content_Types].xml" for m in members):
        raise DomainError("unreadable_file", _("文件不是有效的 Excel（.xlsx）文件。"))
    if sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
        raise _too_big(
            _("文件解压后超过 %(mb)d MB，不能导入；请只保留需要导入的数据。")
            % {"mb": MAX_UNPACKED_BYTES // (1024 * 1024)}
        )
    for member in members:
        if member.filename.lower().endswith("sharedstrings.xml") and (
            member.file_size > MAX_SHARED_STRINGS_BYTES
        ):
            raise _too_big(_("文件中的文字内容过大，不能导入。"))
    sheet = _first_sheet([m.filename for m in members])
    if sheet is None:
        raise DomainError("unreadable_file", _("文件中没有工作表。"))
    with archive.open(sheet) as stream:
        head = stream.read(4096).decode("utf-8", "replace")
    found = re.search(r'<(?:\w+:)?dimension ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"', head)
    if found:
        last_column, last_row = (
            found.group(3) or found.group(1),
            int(found.group(4) or found.group(2)),
        )
        if last_row > MAX_ROWS + 1 or column_index_from_string(last_column) > MAX_COLUMNS:
            raise _too_big(
                _("工作表过大（%(rows)d 行、%(cols)s 列）：最多 %(n)d 行、%(c)d 列。")
                % {"rows": last_row, "cols": last_column, "n": MAX_ROWS, "c": MAX_COLUMNS}
            )


def _read_xlsx(data: bytes) -> list[list[str]]:
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise DomainError("unreadable_file", _("文件不是有效的 Excel（.xlsx）文件。"))
    inspect_xlsx(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        if not workbook.worksheets:
            raise DomainError("unreadable_file", _("文件中没有工作表。"))
        sheet = workbook.worksheets[0]
        rows, cells = [], 0
        # The declared dimension may be missing or false: count as we go, and stop.
        for values in sheet.iter_rows(values_only=True):
            if len(values) > MAX_COLUMNS:
                raise _too_big(_("工作表最多 %(c)d 列。") % {"c": MAX_COLUMNS})
            cells += len(values)
            if cells > MAX_CELLS:
                raise _too_big(_("工作表单元格过多，不能导入。"))
            rows.append([_cell_text(value) for value in values])
            if len(rows) > MAX_ROWS + 1:
                break
        workbook.close()
        return rows
    except DomainError:
        raise
    except Exception as error:  # noqa: BLE001 — any broken workbook: one clear message
        raise DomainError(
            "unreadable_file", _("无法读取该 Excel 文件，文件可能已损坏。")
        ) from error


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


def header_index(
    header: list[str], required: list[str], optional: list[str], ignored: list[str] = ()
) -> dict[str, int]:
    """Where each known column is. The file is refused, naming the columns, when a
    required one is missing, one is unknown (a misspelt 编号 for 编码 is not guessed
    at) or one appears twice. ``ignored``: columns the export writes for the reader
    that an import does not apply (so an export imports back)."""
    named = [(i, name) for i, name in enumerate(header) if name]
    problems: list[RowError] = []
    missing = [name for name in required if name not in header]
    if missing:
        problems.append(RowError(1, "", _("缺少列：%(cols)s") % {"cols": "、".join(missing)}))
    known = [*required, *optional, *ignored]
    unknown = [name for _i, name in named if name not in known]
    if unknown:
        problems.append(
            RowError(
                1,
                "",
                _("无法识别的列：%(cols)s（可用的列：%(known)s）")
                % {"cols": "、".join(unknown), "known": "、".join(known)},
            )
        )
    names = [name for _i, name in named]
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        problems.append(RowError(1, "", _("列重复：%(cols)s") % {"cols": "、".join(twice)}))
    if problems:
        raise ImportFailed(problems)
    positions = {name: i for i, name in named}
    return {name: positions[name] for name in required + optional if name in positions}


def refuse_duplicate_keys(keys: list[str], column: str, *, first_row: int = 2) -> None:
    """The same key on two rows of one file is refused (which row would win?);
    ``keys`` has one entry a data row, blank for rows without one."""
    seen: dict[str, int] = {}
    errors = []
    for number, key in enumerate(keys, start=first_row):
        if not key:
            continue
        if key in seen:
            errors.append(
                RowError(
                    number, column, _("与第 %(n)d 行重复：%(k)s") % {"n": seen[key], "k": key[:40]}
                )
            )
        else:
            seen[key] = number
    if errors:
        raise ImportFailed(errors)


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
            if (number - first_row) % PROGRESS_EVERY == 0:
                progress.report(number - first_row, len(rows))
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
    progress.report(len(rows), len(rows))
    return len(rows)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(data: bytes, filename: str):
    """An Excel download; ``filename`` is ASCII."""
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response
