from __future__ import annotations

from django import forms
from django.utils import timezone

from casereview.govuk.wording import problem
from casereview.library.models import Kind, Origin


def _area(label, hint="", rows=4, required=False, message=""):
    return forms.CharField(label=label, help_text=hint, required=required, widget=forms.Textarea(attrs={"rows": rows}),
                           error_messages={"required": message or f"Enter {label[0].lower() + label[1:]}"})


class DocumentForm(forms.Form):
    title = forms.CharField(label="Title", max_length=400, error_messages={"required": "Enter the title"})
    publisher = forms.CharField(label="Publisher", max_length=200, help_text="For example, the partnership or the "
                                "National Panel.", error_messages={"required": "Enter the publisher"})
    kind = forms.ChoiceField(label="Type of document", choices=[("", "Choose a type")] + Kind.choices,
                             error_messages={"required": "Choose the type of document"})
    published_year = forms.IntegerField(label="Year published", min_value=1990,
                                        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
                                        error_messages={"required": "Enter the year it was published",
                                                        "invalid": "The year must be a number, like 2024",
                                                        "min_value": "The year must be 1990 or later"})
    published_month = forms.TypedChoiceField(
        label="Month published (optional)", required=False, coerce=int, empty_value=None,
        choices=[("", "Not known")] + [(str(m), name) for m, name in enumerate(
            ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"], start=1)])
    source_url = forms.URLField(label="Where it is published (optional)", required=False, max_length=500,
                                assume_scheme="https",
                                error_messages={"invalid": "Enter the address in the right format, like "
                                                           "https://www.gov.uk/…"})
    licence = forms.CharField(label="Licence (optional)", required=False, max_length=200,
                              help_text="For example, Open Government Licence v3.0.")
    summary = _area("Summary", "In your own words: what it is about and who should read it.", required=True,
                    message="Enter a summary")
    key_messages = _area("Key messages (optional)", "One per line.", rows=6)
    recommendations = _area("Recommendations (optional)", "One per line.", rows=6)

    def clean_published_year(self):
        year = self.cleaned_data["published_year"]
        if year > timezone.localdate().year:
            raise problem("The year cannot be in the future", "the_year_cannot_be_in")
        return year


class UploadForm(DocumentForm):
    file = forms.FileField(label="Upload the document", help_text="A PDF or Word document (.docx), up to 20 MB.",
                           widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,application/pdf"}),
                           error_messages={"required": "Select the document to upload"})
    origin = forms.ChoiceField(label="Who published it", widget=forms.RadioSelect,
                               choices=[(Origin.OTHER_PARTNERSHIP, "Another partnership or organisation"),
                                        (Origin.NATIONAL_PANEL, "The National Panel")],
                               error_messages={"required": "Choose who published it"})
    field_order = ["file", "origin", "title", "publisher", "kind", "published_year", "published_month", "source_url",
                   "licence", "summary", "key_messages", "recommendations"]

    def __init__(self, *args, partnerships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["summary"].required = False
        if len(partnerships) > 1:
            self.fields["partnership"] = forms.TypedChoiceField(
                label="Add it for", coerce=int, choices=[("", "Choose a partnership")] +
                [(p.pk, p.name) for p in partnerships], error_messages={"required": "Choose the partnership"})
            self.order_fields(["partnership", *self.field_order])


class ThemeForm(forms.Form):
    label = forms.CharField(label="Name", max_length=120, error_messages={"required": "Enter the theme's name"})
    group = forms.ChoiceField(label="Group", error_messages={"required": "Choose the group"})
    definition = _area("Definition", "What the theme covers, in a sentence or two.", rows=3, required=True,
                       message="Enter the definition")
    triggers = _area("Words and phrases that suggest it (optional)",
                     "One per line. The service suggests the theme when a document uses them.", rows=8)
    is_active = forms.BooleanField(label="In use", required=False, initial=True,
                                   help_text="A theme no longer in use stays on what it already tags.")

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [("", "Choose a group")] + [(g, g) for g in groups]


class AddThemeForm(forms.Form):
    theme = forms.ChoiceField(label="Add a theme", error_messages={"required": "Choose a theme"})

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", "Choose a theme")] + choices


class OfficialSourceForm(forms.Form):
    file = forms.FileField(label="The official publication", help_text="The PDF or Word document (.docx) as its "
                           "publisher released it, up to 20 MB.",
                           widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,application/pdf"}),
                           error_messages={"required": "Select the official PDF or Word file"})
    url = forms.URLField(label="Its official address", max_length=500, assume_scheme="https",
                         help_text="Where its publisher publishes it, for example a page on GOV.UK.",
                         error_messages={"required": "Enter the official address",
                                         "invalid": "Enter the address as it appears in your browser, "
                                                    "starting with https://"})

    def clean_file(self):
        from casereview.library.extract import detect_type

        uploaded = self.cleaned_data["file"]
        start = uploaded.read(8)
        uploaded.seek(0)
        if not detect_type(start):  # said with the other errors; the service checks the whole file
            raise problem("The selected file must be a PDF or a Word document (.docx)", "the_selected_file_must_be")
        return uploaded

    def clean_url(self):
        url = self.cleaned_data["url"]
        if not url.startswith("https://"):
            raise problem("Enter an address starting with https://", "enter_an_address_starting_with")
        return url
