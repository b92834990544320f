from django.apps import AppConfig


class FilesConfig(AppConfig):
    name = "huimin.files"
    label = "files"
