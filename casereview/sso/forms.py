from django import forms


class EmailForm(forms.Form):
    email = forms.EmailField(label="Your work email address", max_length=254,
                             widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": False}),
                             error_messages={"required": "Enter your work email address",
                                             "invalid": "Enter an email address like name@council.gov.uk"})


class ProviderForm(forms.Form):
    name = forms.CharField(label="Name people see", max_length=120,
                           error_messages={"required": "Enter the name people see"})
    issuer = forms.URLField(label="Issuer", max_length=300, assume_scheme="https",
                            help_text="For Microsoft Entra ID, the login.microsoftonline.com address that ends in "
                                      "your tenant ID and /v2.0",
                            error_messages={"required": "Enter the issuer", "invalid": "Enter the issuer as a web address"})
    client_id = forms.CharField(label="Application (client) ID", max_length=200,
                                error_messages={"required": "Enter the application (client) ID"})
    client_secret = forms.CharField(label="Client secret", max_length=300, required=False,
                                    widget=forms.PasswordInput(render_value=False),
                                    help_text="Leave empty to keep the current secret.")
    email_domains = forms.CharField(label="Email domains", max_length=500,
                                    help_text="Separated by commas, for example wessex.gov.uk, wessex-police.uk",
                                    error_messages={"required": "Enter at least one email domain"})
    active = forms.BooleanField(label="People can sign in through it", required=False)
