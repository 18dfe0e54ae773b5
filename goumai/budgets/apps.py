from django.apps import AppConfig


class BudgetsConfig(AppConfig):
    name = "goumai.budgets"
    label = "budgets"
    verbose_name = "部门预算"
