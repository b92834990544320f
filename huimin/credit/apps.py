from django.apps import AppConfig


class CreditConfig(AppConfig):
    name = "huimin.credit"
    label = "credit"
