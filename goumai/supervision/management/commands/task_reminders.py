from django.core.management.base import BaseCommand

from goumai.core.dates import china_today
from goumai.supervision.reminders import send_reminders
from goumai.supervision.tasks import remind_tasks


class Command(BaseCommand):
    help = (
        "提醒即将到期和已逾期的工作任务（每天运行；每项提醒只发一次）；--enqueue 交给后台任务执行。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="放入后台任务队列")

    def handle(self, *args, enqueue, **options):
        if enqueue:
            result = remind_tasks.enqueue()
            self.stdout.write(f"已加入后台任务队列：{result.id}")
            return
        made = send_reminders(today=china_today())
        self.stdout.write(f"工作任务提醒：发出 {made} 条。")
