from django.core.management.base import BaseCommand

from goumai.evaluation.loader import seed_sector_templates


class Command(BaseCommand):
    help = "载入四个试点行业的省级绩效评价指标体系模板。可重复执行。"

    def handle(self, *args, **options):
        count = seed_sector_templates()
        self.stdout.write(f"绩效评价指标体系：新增 {count} 个行业模板。")
