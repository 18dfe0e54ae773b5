"""Today in China, whatever the UTC day: the helpers every legal date goes through."""

from datetime import UTC, date, datetime

from goumai.core.dates import (
    CHINA,
    add_years,
    china_date,
    china_iso,
    china_now,
    china_today,
    stamp,
    start_of_day,
)

LATE_UTC = datetime(2027, 2, 28, 23, 30, tzinfo=UTC)  # 2027-03-01 07:30 in Beijing


def test_the_day_in_china_is_not_the_utc_day(time_machine):
    time_machine.move_to(LATE_UTC, tick=False)
    assert china_today() == date(2027, 3, 1)
    assert china_now().isoformat() == "2027-03-01T07:30:00+08:00"
    assert china_date(LATE_UTC) == date(2027, 3, 1)
    assert china_date(None) is None and china_iso(None) is None
    assert china_iso(LATE_UTC) == "2027-03-01T07:30:00+08:00"
    assert stamp(LATE_UTC) == "2027-03-01 07:30:00"


def test_a_day_starts_at_midnight_in_beijing():
    assert start_of_day(date(2027, 3, 4)) == datetime(2027, 3, 4, tzinfo=CHINA)
    assert start_of_day(date(2027, 3, 4)).astimezone(UTC).isoformat() == (
        "2027-03-03T16:00:00+00:00"
    )


def test_add_years_keeps_the_day_or_the_last_of_february():
    assert add_years(date(2027, 3, 1), 1) == date(2028, 3, 1)
    assert add_years(date(2028, 2, 29), 1) == date(2029, 2, 28)
    assert add_years(date(2028, 2, 29), -4) == date(2024, 2, 29)


def test_a_paper_date_is_checked_against_today_the_step_before_and_the_limit(settings):
    from goumai.core.dates import paper_date_errors

    settings.GOUMAI_BACKDATE_DAYS = 30
    today = date(2027, 3, 1)

    def errors(day, **kw):
        return paper_date_errors(day, field="awarded_on", today=today, **kw)

    assert errors(date(2027, 3, 2)) == {"awarded_on": ["日期不能晚于今天（2027-03-01）。"]}
    assert errors(today) == {}
    step = {"after": date(2027, 2, 20), "after_label": "成交日期"}
    assert errors(date(2027, 2, 19), **step) == {
        "awarded_on": ["日期不能早于成交日期（2027-02-20）。"]
    }
    assert errors(date(2027, 2, 20), **step) == {}
    late = {"late_reason": ["补录 30 天以前的日期须说明理由（不少于 10 个字），理由随记录保存。"]}
    assert errors(date(2027, 1, 29)) == late  # 31 days back
    assert errors(date(2027, 1, 30)) == {}  # exactly 30
    assert errors(date(2027, 1, 29), late_reason="线下采购补录九个字") == late  # 9 characters
    assert errors(date(2027, 1, 29), late_reason="线下采购系统上线补录") == {}  # exactly 10
    assert errors(date(2027, 1, 29), late_reason="  线下采购补录九个字 ") == late  # trimmed
    del settings.GOUMAI_BACKDATE_DAYS
    assert errors(date(2027, 1, 29)) == late  # 30 by default
