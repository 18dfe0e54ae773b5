from django.apps import AppConfig


class PilotsConfig(AppConfig):
    name = "goumai.pilots"
    verbose_name = "试点管理"
    default_auto_field = "django.db.models.BigAutoField"
