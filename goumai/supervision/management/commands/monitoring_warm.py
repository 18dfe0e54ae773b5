from django.core.management.base import BaseCommand

from goumai.core.dates import china_today
from goumai.supervision.monitoring import warm_figures
from goumai.supervision.tasks import warm_monitoring


class Command(BaseCommand):
    help = "预先计算改革监测的全省及各市州指标（每晚运行）；--enqueue 交给后台任务执行。"

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="放入后台任务队列")

    def handle(self, *args, enqueue, **options):
        if enqueue:
            self.stdout.write(f"已加入后台任务队列：{warm_monitoring.enqueue().id}")
            return
        done = warm_figures(today=china_today())
        self.stdout.write(f"改革监测：已计算 {done} 组指标。")
