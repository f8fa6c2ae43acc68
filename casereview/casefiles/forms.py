from django import forms

from casereview.casefiles.models import Audience

_FILE_HELP = ("A PDF, Word document (.docx), Excel spreadsheet (.xlsx), PNG or JPEG image, or plain text, up to "
              "%(mb)s MB. It is scanned for malware before anyone can download it.")


def _file_field(mb: int) -> forms.FileField:
    return forms.FileField(label="Upload a file", help_text=_FILE_HELP % {"mb": mb},
                           error_messages={"required": "Choose a file to upload",
                                           "empty": "The file is empty"})


class DescribeForm(forms.Form):
    title = forms.CharField(label="Title", max_length=200, error_messages={"required": "Enter a title for the document"},
                            help_text="For example, “Signed terms of reference” or “Letter from the National Panel”.")
    description = forms.CharField(label="Description (optional)", required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    expected = forms.ChoiceField(label="Which expected document is this?", required=False,
                                 help_text="Linking it ticks off the stage checklist on the case's page.")
    audience = forms.ChoiceField(label="Who can see it", widget=forms.RadioSelect, choices=Audience.choices,
                                 initial=Audience.CORE, error_messages={"required": "Select who can see it"})

    def __init__(self, *args, expected_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expected"].choices = [("", "None of these")] + expected_choices


class UploadForm(DescribeForm):
    def __init__(self, *args, max_mb: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"] = _file_field(max_mb)
        self.order_fields(["file", "title", "description", "expected", "audience"])


class VersionForm(forms.Form):
    note = forms.CharField(label="What changed in this version (optional)", required=False, max_length=300)

    def __init__(self, *args, max_mb: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"] = _file_field(max_mb)
        self.order_fields(["file", "note"])
