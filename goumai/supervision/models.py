from django.db import models
from django.db.models import Q

from goumai.accounts.models import OrgUnit


class Task(models.Model):
    """A task of the work plan (seed 四–十三) or a sub-task a level sets for the levels
    below it. ``scope_path`` is the place of the level that set it ("/510000/" for the
    province's plan): who sees it follows from there (``selectors.task_list``)."""

    class Status(models.TextChoices):
        OPEN = "open", "进行中"
        DONE = "done", "已完成"

    parent = models.ForeignKey(
        "self",
        verbose_name="上级任务",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subtasks",
    )
    number = models.CharField("编号", max_length=16)
    title = models.CharField("任务", max_length=200)
    description = models.TextField("内容", blank=True)
    scope_path = models.CharField("所属区划路径", max_length=64)
    responsible_units = models.ManyToManyField(
        OrgUnit, verbose_name="责任单位", related_name="supervised_tasks", blank=True
    )
    # Units the plan names as a group ("试点县人民政府", "各级"), kept as written.
    responsible_note = models.CharField("其他责任单位", max_length=200, blank=True)
    deadline = models.DateField("完成时限", null=True, blank=True)  # None: 长期
    status = models.CharField("状态", max_length=8, choices=Status.choices, default=Status.OPEN)
    done_on = models.DateField("完成日期", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        ordering = ["scope_path", "id"]
        verbose_name = "工作任务"
        verbose_name_plural = "工作任务"
        constraints = [
            models.UniqueConstraint(
                fields=["scope_path", "number"],
                condition=Q(parent__isnull=True),
                name="task_number_unique_per_plan",
            ),
            # each level numbers its own break-down of a task: 蒲江县's "1" and 泸县's "1"
            models.UniqueConstraint(
                fields=["parent", "scope_path", "number"], name="task_number_unique_per_level"
            ),
            models.CheckConstraint(
                name="task_done_has_a_date",
                condition=Q(status="open", done_on__isnull=True)
                | Q(status="done", done_on__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def audit_scope(self) -> tuple[str, str | None]:
        return self.scope_path, None


class ProgressReport(models.Model):
    """A responsible unit's report on a task (进展报告). Attachments come with the
    documents of issue 15."""

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="reports")
    unit = models.ForeignKey(OrgUnit, verbose_name="报告单位", on_delete=models.PROTECT)
    reported_on = models.DateField("报告日期")
    text = models.TextField("进展情况")
    author_label = models.CharField("填报人", max_length=150)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        ordering = ["-reported_on", "-id"]
        verbose_name = "进展报告"
        verbose_name_plural = "进展报告"

    def __str__(self) -> str:
        return f"{self.task.number} {self.unit.name} {self.reported_on}"

    def audit_scope(self) -> tuple[str, str | None]:
        return self.task.scope_path, None
