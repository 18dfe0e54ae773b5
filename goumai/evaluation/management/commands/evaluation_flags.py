from django.core.management.base import BaseCommand

from goumai.evaluation.tasks import refresh_all_flags, refresh_flags


class Command(BaseCommand):
    help = "重新计算绩效评价形式化预警（适合每晚运行）；--enqueue 交给后台任务执行。"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=None, help="只检查该预算年度")
        parser.add_argument("--enqueue", action="store_true", help="放入后台任务队列")

    def handle(self, *args, year, enqueue, **options):
        if enqueue:
            result = refresh_flags.enqueue(year=year)
            self.stdout.write(f"已加入后台任务队列：{result.id}")
            return
        done = refresh_all_flags(year=year, log=self.stdout.write)
        self.stdout.write(f"形式化预警：已检查 {done:,} 个评价。")
