"""The starting data: the years ``chinesecalendar`` knows (the province enters later
years from the State Council's notices)."""

from django.db import migrations


def load(apps, schema_editor):
    from goumai.holidays.services import package_years

    CalendarYear = apps.get_model("holidays", "CalendarYear")
    CalendarDay = apps.get_model("holidays", "CalendarDay")
    held = set(CalendarYear.objects.values_list("year", flat=True))
    for year, rows in sorted(package_years().items()):
        if year in held:
            continue
        calendar = CalendarYear.objects.create(
            year=year,
            notice=f"国务院办公厅关于{year}年部分节假日安排的通知（随 chinesecalendar 提供）",
            source="package",
        )
        CalendarDay.objects.bulk_create(
            CalendarDay(calendar=calendar, day=r.day, kind=r.kind, name=r.name) for r in rows
        )


class Migration(migrations.Migration):
    dependencies = [("holidays", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
