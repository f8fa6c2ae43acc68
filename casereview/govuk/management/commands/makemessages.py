"""Django's makemessages, also collecting the messages of `govuk.wording.problem(...)`."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=problem"]
