from django.apps import AppConfig


class BiddingConfig(AppConfig):
    name = "goumai.bidding"
    label = "bidding"
    verbose_name = "网上投标"
