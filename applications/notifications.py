"""Telling the next actor: a row in the app for each of its people, and an e-mail sent once
the transaction commits (console backend by default)."""

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction

from accounts.models import Role, User
from applications.models import Application, Notification
from organisations.models import Organisation


def notify(
    organisation: Organisation,
    role: Role,
    message: str,
    *,
    application: Application | None = None,
    url: str = "",
) -> int:
    recipients = list(
        User.objects.filter(organisation=organisation, is_active=True).with_role(role)
    )
    Notification.objects.bulk_create(
        Notification(recipient=user, application=application, message=message, url=url)
        for user in recipients
    )
    mails = [
        (
            f"[{settings.SITE_NAME}] {message}",
            f"{message}\n\n{settings.SITE_URL}{url}",
            settings.DEFAULT_FROM_EMAIL,
            [user.email],
        )
        for user in recipients
        if user.email
    ]
    if mails:
        transaction.on_commit(lambda: send_mass_mail(mails, fail_silently=True))
    return len(recipients)
