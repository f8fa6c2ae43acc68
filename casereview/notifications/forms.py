from django import forms

from casereview.notifications.models import Notification


class NotificationFilterForm(forms.Form):
    kind = forms.ChoiceField(label="Kind", required=False, choices=[("", "Any")] + Notification.Kind.choices)
    case = forms.CharField(label="Case reference", required=False, max_length=20)
    unread = forms.BooleanField(label="Only unread", required=False)
