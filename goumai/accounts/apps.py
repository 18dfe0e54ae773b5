from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "goumai.accounts"
    label = "accounts"
    verbose_name = "单位与账号"
