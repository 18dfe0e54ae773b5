from django.core.management.base import BaseCommand

from goumai.holidays.services import load_package_years


class Command(BaseCommand):
    help = "载入 chinesecalendar 已知年度的法定节假日（已录入的年度不覆盖）。"

    def handle(self, *args, **options):
        years = load_package_years()
        if years:
            self.stdout.write(
                f"载入法定节假日：{years[0]}–{years[-1]} 年，共 {len(years)} 个年度。"
            )
        else:
            self.stdout.write("法定节假日：没有需要载入的年度。")
