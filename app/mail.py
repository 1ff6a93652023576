"""Sending e-mail: logged in development, kept in an outbox in tests, SMTP in production."""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage

from flask import Flask, current_app

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str


def init_app(app: Flask) -> None:
    app.extensions["outbox"] = []


def outbox(app: Flask) -> list[Mail]:
    """The messages sent by an app using the outbox backend (tests read it)."""
    return app.extensions["outbox"]


def send_mail(to: str, subject: str, body: str) -> None:
    mail = Mail(to=to, subject=str(subject), body=str(body))
    backend = current_app.config["MAIL_BACKEND"]
    if backend == "outbox":
        current_app.extensions["outbox"].append(mail)
    elif backend == "smtp":
        _send_smtp(mail)
    else:
        log.warning("E-mail to %s: %s\n%s", mail.to, mail.subject, mail.body)


def _send_smtp(mail: Mail) -> None:
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_SENDER"]
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message.set_content(mail.body)
    with smtplib.SMTP(config["SMTP_HOST"], config["SMTP_PORT"], timeout=20) as smtp:
        if config["SMTP_STARTTLS"]:
            smtp.starttls()
        if config["SMTP_USERNAME"]:
            smtp.login(config["SMTP_USERNAME"], config["SMTP_PASSWORD"] or "")
        smtp.send_message(message)
