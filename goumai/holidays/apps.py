from django.apps import AppConfig


class HolidaysConfig(AppConfig):
    name = "goumai.holidays"
    verbose_name = "法定节假日"
    default_auto_field = "django.db.models.BigAutoField"
