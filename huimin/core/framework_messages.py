"""Messages of Django itself that its own zh_Hans catalogue lacks (new in recent releases). Listing them here keeps
them in the project's catalogue, which takes precedence (LOCALE_PATHS), so no English shows on Chinese pages."""

from django.utils.translation import gettext_noop

FRAMEWORK_MESSAGES = (
    gettext_noop("- Select an option -"),  # django.db.models.fields.BLANK_CHOICE_LABEL (Django 6.1)
)
