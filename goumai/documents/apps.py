from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "goumai.documents"
    label = "documents"
    verbose_name = "文件"
