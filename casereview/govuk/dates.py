"""The GOV.UK date input as a Django field: three boxes in, one date out, with the Design
System's error messages ("Date of the incident must include a month")."""

from __future__ import annotations

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from casereview.govuk.wording import problem


class DateInputWidget(forms.Widget):
    parts = ("day", "month", "year")

    def value_from_datadict(self, data, files, name):
        values = tuple((data.get(f"{name}-{part}") or "").strip() for part in self.parts)
        return None if not any(values) else values

    def value_omitted_from_data(self, data, files, name):
        return not any(f"{name}-{part}" in data for part in self.parts)

    def format_value(self, value):
        if isinstance(value, date):
            return (str(value.day), str(value.month), str(value.year))
        return value


class GovukDateField(forms.Field):
    widget = DateInputWidget

    def __init__(self, *, past_only: bool = True, **kwargs):
        self.past_only = past_only
        super().__init__(**kwargs)

    def _name(self) -> str:
        return str(self.label or "The date")

    def to_python(self, value):
        if value in (None, "", ()):
            return None
        if isinstance(value, date):
            return value
        day, month, year = value
        missing = [part for part, text in zip(DateInputWidget.parts, value, strict=True) if not text]
        if missing:
            raise problem("%(name)s must include a %(missing)s",
                          "incomplete", name=self._name(), missing=' and a '.join(missing))
        try:
            number = [int(day), int(month), int(year)]
        except ValueError:
            raise problem("%(name)s must be a real date", "invalid", name=self._name()) from None
        if number[2] < 1000:
            raise problem("%(name)s must include a 4-digit year, for example 2026", "invalid", name=self._name())
        try:
            return date(number[2], number[1], number[0])
        except ValueError:
            raise problem("%(name)s must be a real date", "invalid", name=self._name()) from None

    def validate(self, value):
        if value is None and self.required:
            message = self.error_messages["required"]
            if message == forms.Field.default_error_messages["required"]:
                message = f"Enter {self._name()[0].lower() + self._name()[1:]}"
            raise ValidationError(message, code="required")
        if value is not None and self.past_only and value > timezone.localdate():
            raise problem("%(name)s must be today or in the past", "future", name=self._name())
