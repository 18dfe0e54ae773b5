from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "goumai.supervision"
    verbose_name = "工作方案督查"
    default_auto_field = "django.db.models.BigAutoField"
