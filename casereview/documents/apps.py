from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "casereview.documents"
    label = "documents"

    def ready(self):
        from PIL import Image

        # Pillow warns above this many pixels and refuses at twice it; file_checks turns the
        # warning into a refusal too. A partnership logo needs a few megapixels at most.
        Image.MAX_IMAGE_PIXELS = 25_000_000
