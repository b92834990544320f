"""Sending text messages. The backend is a dotted path in settings.SMS_BACKEND (like Django's email backends):

- `huimin.core.sms.LogBackend` (default): writes the message to the `huimin.sms` log — for the embedded demo and
  for intranets without an SMS gateway, where the duty officer reads codes from the log;
- `huimin.core.sms.MemoryBackend`: keeps messages in `huimin.core.sms.outbox` (tests).

A gateway backend is a class with `send(phone: str, text: str) -> None`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("huimin.sms")


@dataclass(frozen=True)
class TextMessage:
    phone: str
    text: str


outbox: list[TextMessage] = []


class LogBackend:
    def send(self, phone: str, text: str) -> None:
        logger.info("SMS to %s: %s", phone, text)


class MemoryBackend:
    def send(self, phone: str, text: str) -> None:
        outbox.append(TextMessage(phone=phone, text=text))


def send_sms(phone: str, text: str) -> None:
    backend = import_string(getattr(settings, "SMS_BACKEND", "huimin.core.sms.LogBackend"))()
    backend.send(phone, text)
