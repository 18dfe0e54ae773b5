from django.apps import AppConfig


class ProcurementConfig(AppConfig):
    name = "goumai.procurement"
    label = "procurement"
    verbose_name = "采购"
