"""Workbooks built to exhaust the server are refused before they are parsed: within
a second, with under 50 MB of memory growth. Broken ones get one Chinese message."""

import io
import time
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from goumai.core.errors import DomainError
from goumai.core.spreadsheets import read_table

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"></Types>'
)


def xlsx(parts: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def sheet(dimension: str, rows: str = "") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats'
        f'.org/spreadsheetml/2006/main"><dimension ref="{dimension}"/><sheetData>{rows}'
        "</sheetData></worksheet>"
    )


def wide_rows(n_rows: int, n_cols: int) -> str:
    cells = "".join(f'<c r="A{1}" t="inlineStr"><is><t>x</t></is></c>' for _ in range(n_cols))
    return "".join(f'<row r="{r}">{cells}</row>' for r in range(1, n_rows + 1))


BOMBS = {
    # 1,220 × 16,384 cells declared and present (the 578 KB file that ran 320 s)
    "wide_sheet": lambda: xlsx(
        {"xl/worksheets/sheet1.xml": sheet("A1:XFD1220", wide_rows(1220, 2000))}
    ),
    # 5 million cells in a small file, no dimension to warn of it
    "many_cells": lambda: xlsx({"xl/worksheets/sheet1.xml": sheet("A1", wide_rows(50_000, 100))}),
    # one enormous shared string
    "shared_string": lambda: xlsx(
        {
            "xl/sharedStrings.xml": "<sst><si><t>" + "x" * (60 * 1024 * 1024) + "</t></si></sst>",
            "xl/worksheets/sheet1.xml": sheet("A1"),
        }
    ),
}


@pytest.mark.parametrize("kind", BOMBS)
def test_a_bomb_is_refused_fast_and_small(kind):
    data = BOMBS[kind]()
    assert len(data) < 5 * 1024 * 1024  # under the upload limit, as the attacks were
    upload = SimpleUploadedFile("bomb.xlsx", data)
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(DomainError) as refused:
        read_table(upload)
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert refused.value.code == "file_too_complex", refused.value.message
    assert elapsed < 1.0 and peak - len(data) < 50 * 1024 * 1024, (elapsed, peak)


@pytest.mark.parametrize(
    "data",
    [
        xlsx({}),  # no sheet
        xlsx({"xl/worksheets/sheet1.xml": "<worksheet><sheetData><row>"}),  # broken XML
        xlsx(
            {
                "xl/worksheets/sheet1.xml": '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>'
                "<worksheet><sheetData/></worksheet>"
            }
        ),
        b"PK\x03\x04" + b"\x00" * 100,  # not really a zip
    ],
)
def test_a_broken_workbook_gets_one_chinese_message(data):
    with pytest.raises(DomainError) as refused:
        read_table(SimpleUploadedFile("broken.xlsx", data))
    assert refused.value.code in ("unreadable_file", "file_too_complex")
    assert any("\u4e00" <= ch <= "\u9fff" for ch in refused.value.message)


def test_an_ordinary_workbook_still_reads():
    book = Workbook()
    for r in range(300):
        book.active.append([f"名称{r}", r, "备注"])
    buffer = io.BytesIO()
    book.save(buffer)
    rows = read_table(SimpleUploadedFile("ok.xlsx", buffer.getvalue()))
    assert len(rows) == 300 and rows[5] == ["名称5", "5", "备注"]
