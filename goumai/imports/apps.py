from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "goumai.imports"
    label = "imports"
    verbose_name = "后台导入"
