from django.core.management.base import BaseCommand

from goumai.catalog.loader import seed_provincial_catalog


class Command(BaseCommand):
    help = (
        "载入省级指导目录的初始内容（国家目录第一、二级及四个试点行业的乡镇服务事项）。可重复执行。"
    )

    def handle(self, *args, **options):
        count = seed_provincial_catalog()
        self.stdout.write(f"省级指导目录：新增 {count} 个条目。")
