from django.core.management.base import BaseCommand

from goumai.core.dates import china_today
from goumai.site.reminders import send_due_reminders
from goumai.site.tasks import remind_due


class Command(BaseCommand):
    help = "提醒投标截止、履约节点、待支付、绩效评价和信息公开逾期（每天运行；每项只提醒一次）；--enqueue 交给后台任务执行。"

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="放入后台任务队列")

    def handle(self, *args, enqueue, **options):
        if enqueue:
            self.stdout.write(f"已加入后台任务队列：{remind_due.enqueue().id}")
            return
        self.stdout.write(f"提醒：发出 {send_due_reminders(today=china_today())} 条。")
